// Behaviour shared by every page. No inline scripts: the CSP forbids them.
document.addEventListener("htmx:afterSwap", (event) => {
  // After a follow-up is saved, put the focus back on the form for the next entry.
  const form = event.detail.target;
  if (form && form.id === "follow-up-form") {
    const alert = form.querySelector("[role=alert], [role=status]");
    if (alert) { alert.setAttribute("tabindex", "-1"); alert.focus(); }
  }
});
