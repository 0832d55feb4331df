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


def write_pages(pages: dict[str, str | bytes], out_dir: Path) -> list[Path]:
    """Write every page (text) or file (bytes); return the files whose content changed."""
    targets = {relative: safe_target(out_dir, relative) for relative in pages}
    changed = []
    for relative, target in targets.items():
        content = pages[relative]
        data = content.encode("utf-8") if isinstance(content, str) else content
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        changed.append(target)
    return changed
