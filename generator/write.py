"""Write rendered pages to a folder, never outside it, touching only files that changed."""

from __future__ import annotations

from pathlib import Path, PurePosixPath


class UnsafePathError(ValueError):
    pass


def safe_target(root: Path, relative: str) -> Path:
    """The file `relative` names inside `root`; refuses absolute paths and '..'."""
    parts = PurePosixPath(relative).parts
    if not parts or PurePosixPath(relative).is_absolute() or any(p in ("..", "") for p in parts):
        raise UnsafePathError(f"refusing to write outside the output folder: {relative!r}")
    target = root.joinpath(*parts)
    if not target.resolve().is_relative_to(root.resolve()):
        raise UnsafePathError(f"refusing to write outside the output folder: {relative!r}")
    return target


MANIFEST = ".timeline-generated"


def check_output_folder(out_dir: Path, protected: list[Path]) -> None:
    """Refuse an output folder that is, holds, or lies inside a folder of the project's
    own files (the content folder, the templates): writing there would replace them."""
    target = out_dir.resolve()
    for folder in protected:
        folder = folder.resolve()
        if target == folder or target.is_relative_to(folder) or folder.is_relative_to(target):
            raise UnsafePathError(f"refusing to write into {out_dir}: it would overwrite the project's own "
                                  f"files in {folder}; choose a folder of its own, such as generated/")


def write_pages(pages: dict[str, str | bytes], out_dir: Path) -> list[Path]:
    """Write every page (text) or file (bytes); return the files whose content changed.
    Files this function wrote last time and that are no longer generated are removed
    (a retracted event's term page must not stay); no other file is touched."""
    targets = {relative: safe_target(out_dir, relative) for relative in pages}
    manifest = out_dir / MANIFEST
    previous = manifest.read_text(encoding="utf-8").splitlines() if manifest.is_file() else []
    for relative in previous:
        if relative not in pages:
            try:
                stale = safe_target(out_dir, relative)
            except UnsafePathError:
                continue
            stale.unlink(missing_ok=True)
    changed = []
    for relative, target in targets.items():
        content = pages[relative]
        data = content.encode("utf-8") if isinstance(content, str) else content
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        changed.append(target)
    manifest.write_text("".join(f"{relative}\n" for relative in sorted(pages)), encoding="utf-8")
    return changed
