"""Safe imports for django-import-export admin classes.

`SafeImportMixin` checks an uploaded file before django-import-export reads it, with bounded
memory and time whatever the file holds:

- size at most `IMPORT_MAX_BYTES`; extension `.csv` or `.xlsx`, matching the chosen format;
- an XLSX must be a zip holding the parts of a workbook, with no member expanding beyond
  `IMPORT_MAX_UNCOMPRESSED_BYTES` (zip bombs) and no DTD or entity declaration (XML bombs;
  openpyxl also parses through defusedxml, which is installed);
- a CSV must decode as UTF-8 or Windows-1252 text (Excel's French default), without NUL;
  Windows-1252 files are transcoded to UTF-8 for the import;
- at most `IMPORT_MAX_ROWS` data rows, counted while streaming.

Files wait in the storage between the preview and the confirmation
(`ImportFileStorage`, on the default storage); django-import-export deletes them after the
import and `manage.py purge_import_files` deletes those left behind after
`IMPORT_TMP_MAX_AGE` (after the preview, for one made in the background).
"""

import codecs
import io
import re
import zipfile
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, SuspiciousFileOperation
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from import_export.forms import ImportForm
from import_export.tmp_storages import MediaStorage

CHUNK = 64 * 1024
XLSX_REQUIRED_PARTS = {"[Content_Types].xml", "xl/workbook.xml"}
MAX_COMPRESSION_RATIO = 200
ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")


class ImportRefused(forms.ValidationError):
    pass


def _megabytes(size):
    return f"{size / 1024 / 1024:.0f} Mo"


def check_size(upload):
    if upload.size > settings.IMPORT_MAX_BYTES:
        raise ImportRefused(
            f"Fichier trop volumineux ({_megabytes(upload.size)}) : "
            f"{_megabytes(settings.IMPORT_MAX_BYTES)} au plus."
        )


def extension_of(upload) -> str:
    return PurePath(upload.name or "").suffix.lower().lstrip(".")


def _too_many_rows():
    return ImportRefused(
        f"Le fichier compte plus de {settings.IMPORT_MAX_ROWS} lignes : "
        "découpez-le en plusieurs imports."
    )


def check_csv(upload) -> str:
    """The encoding of a CSV file ("utf-8-sig" or "cp1252"); refuses binary or endless ones."""
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        lines = 0
        upload.seek(0)
        try:
            # read() by chunks: an in-memory upload's chunks() would yield it whole.
            for chunk in iter(lambda: upload.read(CHUNK), b""):
                if b"\x00" in chunk:
                    raise ImportRefused(
                        "Ce fichier n'est pas un CSV : il contient des données binaires."
                    )
                decoder.decode(chunk)
                lines += chunk.count(b"\n")
                if lines > settings.IMPORT_MAX_ROWS + 1:  # + the header line
                    raise _too_many_rows()
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        finally:
            upload.seek(0)
        return encoding
    raise ImportRefused(
        "Ce fichier CSV n'est ni en UTF-8 ni en Windows-1252 : enregistrez-le en « CSV UTF-8 »."
    )


def _first_sheet_path(archive):
    with archive.open("xl/workbook.xml") as part:
        head = part.read(4096)
    _refuse_declarations(head)
    # The first sheet of a workbook written by Excel or LibreOffice.
    names = [name for name in archive.namelist() if name.startswith("xl/worksheets/sheet")]
    if not names:
        raise ImportRefused("Ce classeur XLSX ne contient aucune feuille.")
    return sorted(names, key=lambda name: (len(name), name))[0]


def _refuse_declarations(head: bytes):
    if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
        raise ImportRefused("Ce classeur contient des déclarations XML interdites (DTD, entités).")


def check_xlsx(upload):
    upload.seek(0)
    if upload.read(4) != b"PK\x03\x04":
        raise ImportRefused("Ce fichier n'est pas un classeur XLSX (ce n'est pas une archive).")
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(upload)
    except zipfile.BadZipFile as error:
        raise ImportRefused("Ce classeur XLSX est endommagé.") from error
    with archive:
        members = archive.infolist()
        if not {member.filename for member in members} >= XLSX_REQUIRED_PARTS:
            raise ImportRefused("Cette archive n'est pas un classeur XLSX.")
        total = 0
        for member in members:
            total += member.file_size
            ratio = member.file_size / max(member.compress_size, 1)
            if total > settings.IMPORT_MAX_UNCOMPRESSED_BYTES or ratio > MAX_COMPRESSION_RATIO:
                raise ImportRefused(
                    "Ce classeur se décompresse en un volume anormal : il est refusé."
                )
            if member.filename.endswith((".xml", ".rels")):
                with archive.open(member) as part:
                    _refuse_declarations(part.read(2048))
        if _sheet_rows(archive, limit=settings.IMPORT_MAX_ROWS + 1) > settings.IMPORT_MAX_ROWS + 1:
            raise _too_many_rows()
    upload.seek(0)


def _sheet_rows(archive, limit=None):
    """The rows of the first sheet, header included, counted up to `limit` + 1.

    Rows are counted in the raw XML, chunk by chunk (no tree is built): a DTD was refused
    by `check_xlsx`, and openpyxl parses through defusedxml later anyway."""
    rows = 0
    tail = b""
    with archive.open(_first_sheet_path(archive)) as part:
        for chunk in iter(lambda: part.read(CHUNK), b""):
            window = tail + chunk
            rows += len(ROW_TAG.findall(window)) - len(ROW_TAG.findall(tail))
            tail = window[-32:]
            if limit is not None and rows > limit:
                break
    return rows


def count_rows(data: bytes, extension: str) -> int:
    """About how many data rows a checked file holds, without parsing it (the confirmation
    chooses by this count between importing at once and in the background): the non-blank
    lines of a CSV (a quoted value over several lines counts for each), the rows of an
    XLSX's first sheet, less the header."""
    if extension == "xlsx":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            rows = _sheet_rows(archive)
    else:
        rows = sum(1 for line in data.splitlines() if line.strip(b" \t;,"))
    return max(rows - 1, 0)


def rows_if_large(read, extension):
    """The rows of a file that `read()` returns, if more than `IMPORT_BACKGROUND_MIN_ROWS`
    (to preview or import in the background); None for a smaller file, or one that cannot be
    read or counted (the request then handles it, and django-import-export refuses it)."""
    try:
        rows = count_rows(read(), extension)
    except (OSError, SuspiciousFileOperation, zipfile.BadZipFile, KeyError, ImportRefused):
        return None
    return rows if rows > settings.IMPORT_BACKGROUND_MIN_ROWS else None


def check_upload(upload, *, expected_extension=None):
    """Refuse `upload` with a French `ValidationError`, or return it ready for the import
    (a Windows-1252 CSV comes back transcoded to UTF-8)."""
    check_size(upload)
    extension = extension_of(upload)
    if extension not in ("csv", "xlsx"):
        raise ImportRefused("Seuls les fichiers .csv et .xlsx sont acceptés.")
    if expected_extension and extension != expected_extension:
        raise ImportRefused(
            f"Le fichier porte l'extension .{extension} mais le format choisi est "
            f"{expected_extension.upper()}."
        )
    if extension == "xlsx":
        check_xlsx(upload)
        return upload
    encoding = check_csv(upload)
    if encoding == "cp1252":
        text = upload.read().decode("cp1252")
        return SimpleUploadedFile(upload.name, text.encode("utf-8"), "text/csv")
    return upload


FILE_GONE = (
    "Le fichier de cet import n'est plus disponible (il a déjà été importé, ou il attendait "
    "sa confirmation depuis trop longtemps) : rien n'a été écrit. Chargez-le de nouveau."
)


class SafeImportForm(ImportForm):
    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.import_formats = formats

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("import_file")
        if upload is None or self.errors:
            return cleaned
        expected = None
        if "format" in cleaned and cleaned["format"] not in (None, ""):
            format_class = self.import_formats[int(cleaned["format"])]
            expected = format_class().get_extension()
        try:
            cleaned["import_file"] = check_upload(upload, expected_extension=expected)
        except forms.ValidationError as error:
            self.add_error("import_file", error)
        return cleaned


class SafeImportMixin:
    """Put before `ImportExportModelAdmin` (or `ImportMixin`) in the bases of an admin.

    Also previews and confirms large files in the background (`ftda.import_jobs`): an
    uploaded or confirmed file of more than `IMPORT_BACKGROUND_MIN_ROWS` rows becomes an
    `ImportJob` (a preview, then an import), and the user is sent to its status page
    (`import/<job id>/`), which htmx refreshes while the task runs; a clean preview's page
    offers the confirmation. The import page lists the user's recent jobs."""

    import_form_class = SafeImportForm
    import_template_name = "admin/ftda/import.html"

    def get_import_formats(self):
        from import_export.formats.base_formats import CSV, XLSX

        return [CSV, XLSX]

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        status = path(
            "import/<int:job_id>/",
            self.admin_site.admin_view(self.import_job_view),
            name="{}_{}_import_job".format(*info),
        )
        return [status, *super().get_urls()]

    def create_import_form(self, request):
        """The upload form, made once per request: `import_action` checks the upload to
        choose where to preview it, then django-import-export's view reuses the checked form
        (a large file is read once)."""
        if not hasattr(request, "_ftda_import_form"):
            request._ftda_import_form = super().create_import_form(request)
        return request._ftda_import_form

    def import_action(self, request, **kwargs):
        """Previews an uploaded file at once, as django-import-export does, unless it has
        more than `IMPORT_BACKGROUND_MIN_ROWS` rows: then queues its preview and shows its
        progress."""
        job = self.start_background_preview(request) if request.method == "POST" else None
        if job is not None:
            return redirect(self.import_job_url(job))
        response = super().import_action(request, **kwargs)
        if isinstance(response, TemplateResponse):
            from ftda.models import ImportJob

            response.context_data["import_jobs"] = ImportJob.objects.filter(
                created_by=request.user, model_label=self.opts.label_lower
            )[:10]
        return response

    def process_import(self, request, **kwargs):
        """Imports a confirmed file at once, as django-import-export does, unless it has more
        than `IMPORT_BACKGROUND_MIN_ROWS` rows: then queues it and shows its progress."""
        job = self.start_background_import(request) if request.method == "POST" else None
        if job is not None:
            return redirect(self.import_job_url(job))
        try:
            return super().process_import(request, **kwargs)
        except FileNotFoundError:
            # Confirmed twice, or after `purge_import_files` removed it: nothing was written.
            messages.error(request, FILE_GONE)
            return redirect(self.admin_url("import"))

    def start_background_preview(self, request):
        """The preview job of a large uploaded file, stored as django-import-export stores
        it for the confirmation, or None to preview it at once (a small file, or a form
        django-import-export refuses itself)."""
        if not self.has_import_permission(request) or self.is_skip_import_confirm_enabled():
            return None
        form = self.create_import_form(request)
        if not form.is_valid():
            return None
        input_format = self.get_import_formats()[int(form.cleaned_data["format"])]()
        extension = input_format.get_extension()
        upload = form.cleaned_data["import_file"]
        rows = rows_if_large(lambda: b"".join(upload.chunks()), extension)
        if rows is None:
            return None
        stored = self.write_to_tmp_storage(upload, input_format)
        return self.queue_job(
            request, form, extension, rows, stored.name, upload.name, dry_run=True
        )

    def start_background_import(self, request):
        """The job of a large confirmed file, or None to import it at once (a small file, or
        a form or file django-import-export will refuse itself). Confirming again a file
        whose import waits or runs leads to that import (and one whose background preview
        waits or runs, to that preview)."""
        from ftda.models import ImportJob, import_file_name_validator

        if not self.has_import_permission(request):
            return None
        form = self.create_confirm_form(request)
        if not form.is_valid():
            return None
        input_format = self.get_import_formats()[int(form.cleaned_data["format"])]
        extension = input_format().get_extension()
        name = form.cleaned_data["import_file_name"]
        if not import_file_name_validator.regex.fullmatch(name):
            return None
        under_way = ImportJob.objects.in_progress().filter(
            created_by=request.user, model_label=self.opts.label_lower, file_name=name
        )
        if job := under_way.first():
            return job
        storage = self.get_tmp_storage_class()(name=name, read_mode="rb")
        rows = rows_if_large(storage.read, extension)
        if rows is None:
            return None
        original_name = form.cleaned_data.get("original_file_name")
        return self.queue_job(request, form, extension, rows, name, original_name)

    def queue_job(self, request, form, extension, rows, file_name, original_name, dry_run=False):
        """Records the background job of the stored file `file_name`, as the request asks."""
        from ftda import import_jobs

        return import_jobs.start(
            user=request.user,
            url=request.path,
            model=self.model,
            resource_class=self.choose_import_resource_class(form, request),
            file_format=extension,
            file_name=file_name,
            original_file_name=original_name,
            rows=rows,
            dry_run=dry_run,
        )

    def admin_url(self, view, *args):
        """The URL of this admin's `view` ("import", "import_job"…)."""
        info = self.opts.app_label, self.opts.model_name, view
        return reverse("admin:{}_{}_{}".format(*info), args=args, current_app=self.admin_site.name)

    def import_job_url(self, job):
        return self.admin_url("import_job", job.pk)

    def import_job_view(self, request, job_id):
        """A background import's state, progress and result, for whoever may make this
        import: their own jobs (any job for a superuser), 404 for others'."""
        from ftda.models import ImportJob

        if not self.has_import_permission(request):
            raise PermissionDenied
        job = get_object_or_404(
            ImportJob.objects.for_user(request.user).select_related("created_by"),
            pk=job_id,
            model_label=self.opts.label_lower,
        )
        context = {"job": job, "opts": self.opts, **self.confirmation_context(request, job)}
        if request.htmx:
            return TemplateResponse(request, "admin/ftda/_import_job.html", context)
        context.update(self.admin_site.each_context(request), title=job.title)
        return TemplateResponse(request, "admin/ftda/import_job.html", context)

    def confirmation_context(self, request, job):
        """What a clean preview offers: the import already confirmed from its file, or else
        to its owner, while the file is kept, the form django-import-export posts to
        `process_import` (which imports the file in the background)."""
        from ftda.models import ImportJob

        if not job.is_clean_preview:
            return {}
        confirmed = ImportJob.objects.filter(
            created_by=job.created_by_id,
            model_label=job.model_label,
            file_name=job.file_name,
            dry_run=False,
        ).first()
        if confirmed:
            return {"confirmed_import": confirmed}
        if not job.awaits_confirmation(now=timezone.now()):
            return {"confirmation_expired": True}
        if job.created_by_id != request.user.pk:
            return {"confirmation_left_to_owner": True}  # the import is its author's act
        return {"confirm_form": self.confirm_form_of(request, job)}

    def confirm_form_of(self, request, job):
        """The confirmation form of a previewed job's file, as django-import-export fills it
        after a preview (the format and resource by their index in the admin's lists), or
        None if the admin no longer offers them."""
        from ftda.import_jobs import class_path

        extensions = [fmt().get_extension() for fmt in self.get_import_formats()]
        resources = [class_path(cls) for cls in self.get_import_resource_classes(request)]
        if job.file_format not in extensions or job.resource not in resources:
            return None
        return self.get_confirm_form_class(request)(
            initial={
                "import_file_name": job.file_name,
                "original_file_name": job.original_file_name,
                "format": extensions.index(job.file_format),
                "resource": resources.index(job.resource),
            }
        )


TMP_FOLDER = "django-import-export"


class ImportFileStorage(MediaStorage):
    """django-import-export's MediaStorage on the project's `default` storage (or an
    `import_export` one), through Django's shared storage handler: files survive between the
    preview and the confirmation whatever the backend, S3 included."""

    def _configure_storage(self):
        self._storage = import_storage()


def import_storage():
    """The storage where import files wait: an `import_export` storage if the settings name
    one, else `default` (as django-import-export's MediaStorage chooses)."""
    from django.core.files.storage import storages

    alias = "import_export" if "import_export" in settings.STORAGES else "default"
    return storages[alias]


def delete_import_file(name, *, storage=None):
    """Deletes the import file stored as `name` (an `ImportJob.file_name`), if still there."""
    (storage or import_storage()).delete(f"{TMP_FOLDER}/{name}")


def purge_import_files(*, dry_run=False, now=None):
    """Delete import files left in the storage for longer than `IMPORT_TMP_MAX_AGE` (an
    import previewed and never confirmed, or refused at the preview); never the file of a
    background job that waits or runs, once the jobs abandoned for as long are marked
    failed (`ftda.import_jobs.fail_abandoned`; not in a dry run), nor that of a clean
    background preview finished less than `IMPORT_TMP_MAX_AGE` ago (its confirmation is
    still offered)."""
    from ftda.import_jobs import fail_abandoned
    from ftda.models import ImportJob

    storage = import_storage()
    now = now or timezone.now()
    try:
        _, files = storage.listdir(TMP_FOLDER)
    except FileNotFoundError:
        return []
    if not dry_run:
        fail_abandoned(now=now)
    busy = set(ImportJob.objects.keeping_their_file(now=now).values_list("file_name", flat=True))
    purged = []
    for name in files:
        if name in busy:
            continue
        if now - storage.get_modified_time(f"{TMP_FOLDER}/{name}") > settings.IMPORT_TMP_MAX_AGE:
            purged.append(name)
            if not dry_run:
                delete_import_file(name, storage=storage)
    return purged
