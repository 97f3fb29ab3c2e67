"""The administrators' workbench core, free of Qt: versions of catalogue documents, publishing
with the second-approver rule, import and export, editing helpers, preview, the audit viewer and
the metrics queries. Widgets live in :mod:`kiosk.ui.admin`; kiosks call
:func:`kiosk.admin.publishing.published_catalogue_dir` at session start."""
