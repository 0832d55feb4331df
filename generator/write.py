"""Write rendered pages to a folder, never outside it, touching only files that changed."""

from __future__ import annotations

import os
import shutil
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


def write_file(root: Path, relative: str, content: bytes) -> Path:
    """Write one file inside `root` (see safe_target), making its folders."""
    target = safe_target(root, relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
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
    (a retracted event's term page must not stay); no other file is touched.

    All or nothing: every changed file is first written beside its target under a
    temporary name, and only when all of them are written are they renamed into place.
    A failure (a full disk, a read-only folder) leaves the folder as it was."""
    targets = {relative: safe_target(out_dir, relative) for relative in pages}
    manifest = out_dir / MANIFEST
    previous = manifest.read_text(encoding="utf-8").splitlines() if manifest.is_file() else []
    staged: list[tuple[Path, Path]] = []
    try:
        for relative, target in targets.items():
            content = pages[relative]
            data = content.encode("utf-8") if isinstance(content, str) else content
            if target.is_file() and target.read_bytes() == data:
                continue
            if target.is_dir():
                raise IsADirectoryError(f"{target} is a folder; move it away to generate the page there")
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.writing-{os.getpid()}")
            staged.append((temporary, target))
            temporary.write_bytes(data)
            if target.is_file():
                shutil.copymode(target, temporary)  # a replaced file keeps its permissions
    except BaseException:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, target in staged:
        os.replace(temporary, target)
    for relative in previous:
        if relative not in pages:
            try:
                stale = safe_target(out_dir, relative)
            except UnsafePathError:
                continue
            stale.unlink(missing_ok=True)
    manifest.write_text("".join(f"{relative}\n" for relative in sorted(pages)), encoding="utf-8")
    return [target for _, target in staged]
