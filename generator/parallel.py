"""Work a build hands to the second core: MkDocs converts and renders pages on one.

`map_on_two_cores` reads a large content folder, and renders its pages, on two cores.
Two jobs run in forked processes during a one-off build of a large timeline:

- `DataFilesJob` writes the feeds and exports (no page is made from them) while MkDocs
  converts the pages; the build waits for it before MkDocs copies static files.
- `SearchWorker` indexes pages for Material's search. The search plugin parses each
  page's HTML again to cut it into sections, a third of the build; the worker runs the
  plugin's own indexing code on each page as soon as it is converted, and its entries
  are added to the plugin's index before the plugin writes it. The index is the same,
  entry for entry. If the worker fails, the pages are indexed here, as without it.

Not while serving: `mkdocs serve` runs threads, and forking a process with threads
is unsafe.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import queue
import re
import sys
import threading
from pathlib import Path
from typing import Any, Callable

from .write import write_file

try:
    import fcntl
except ImportError:  # Windows, where nothing is forked
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger("timeline")

# Below this many events the build is short and a second process is not worth starting.
MIN_EVENTS = 2000


# Below this many files, reading on two cores saves less than starting the second costs.
MIN_FILES = 2000


def map_on_two_cores(work: Callable[[list], list], items: list, large: bool | None = None, chunk: int = 1) -> list:
    """`work(items)`, done by this process and a forked one together: this one takes
    items from the front, the other from the back, `chunk` at a time, until they meet.
    So neither waits for the other, however uneven the items' costs. The other sends
    each chunk's results as soon as they are made, and this one reads them between its
    own chunks: reading them is work too, and it is shared out the same way. The same
    result in the same order; `work` must map a list item by item. `large` says whether
    the work is worth a second process (by default: MIN_FILES items). If the other
    process fails, its part is done here, where an error in `work` is raised."""
    if not (len(items) >= MIN_FILES if large is None else large) or len(items) < 2 or not can_fork():
        return work(items)
    context = multiprocessing.get_context("fork")
    bounds = context.RawArray("q", [0, len(items)])  # [first item not taken from the front, first taken from the back]
    lock = context.Lock()
    receiver, sender = context.Pipe(duplex=False)
    _widen(sender)
    process = context.Process(target=_work_on, args=(work, items, bounds, lock, chunk, sender),
                              name="timeline-work", daemon=True)
    process.start()
    sender.close()
    first: list = []
    parts: list[list] = []  # the other's, last first
    finished = False  # whether the other has sent all it will send
    try:
        while (taken := _take(bounds, lock, chunk, from_front=True, other=process)) is not None:
            first += work(items[taken[0]:taken[1]])
            while not finished and receiver.poll():
                finished = not _receive(receiver, parts)
        while not finished:
            finished = not _receive(receiver, parts)
    except BaseException:
        process.terminate()  # it may be waiting to send what nobody will read
        raise
    finally:
        process.join()
        receiver.close()
    if parts and parts[-1] is _FAILED:  # an error there is raised here, in its place
        return first + work(items[len(first):])
    return first + [done for part in reversed(parts) for done in part]


def _receive(receiver: Any, parts: list) -> bool:
    """Read one message of the other process into `parts`; False once it has no more."""
    try:
        part = receiver.recv()
    except (EOFError, OSError):
        log.warning("the second process failed; its part of the work is done here instead")
        part = _FAILED
    if part is None:
        return False
    if part == _FAILED:
        parts.append(_FAILED)
        return False
    parts.append(part)
    return True


def _take(bounds: Any, lock: Any, chunk: int, from_front: bool, other: Any = None) -> tuple[int, int] | None:
    """Claim the next items from one end: their (start, end), or None when none is left,
    or when the `other` process died holding the lock (its part is then redone)."""
    while not lock.acquire(timeout=1):
        if other is not None and not other.is_alive():
            return None
    try:
        front, back = bounds[0], bounds[1]
        if front >= back:
            return None
        if from_front:
            bounds[0] = end = min(front + chunk, back)
            return front, end
        bounds[1] = start = max(back - chunk, front)
        return start, back
    finally:
        lock.release()


def _work_on(work: Callable[[list], list], items: list, bounds: Any, lock: Any, chunk: int, sender: Any) -> None:
    gc.freeze()  # see _index_pages
    try:
        while (taken := _take(bounds, lock, chunk, from_front=False)) is not None:
            sender.send(work(items[taken[0]:taken[1]]))
        sender.send(None)
    except Exception:
        sender.send(_FAILED)  # quietly: the parent repeats this part and reports the error
    sender.close()


_PIPE_BYTES = 1 << 20


def _widen(pipe: Any) -> None:
    """Let the pipe hold a megabyte (Linux holds 64 KB): the other process then sends a
    page without waiting for this one to finish the page it is working on."""
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None)  # Linux only
    if set_size is None:
        return
    try:
        fcntl.fcntl(pipe.fileno(), set_size, _PIPE_BYTES)
    except OSError:
        pass  # a smaller limit (/proc/sys/fs/pipe-max-size): the 64 KB do, only slower


class DataFilesJob:
    """Makes files in a forked process and writes them into a folder."""

    def __init__(self, make_files: Callable[[], dict[str, bytes]], folder: Path) -> None:
        context = multiprocessing.get_context("fork")
        self.errors = context.SimpleQueue()
        self.process = context.Process(target=_write_files, args=(make_files, folder, self.errors),
                                       name="timeline-data-files", daemon=True)
        self.process.start()

    def wait(self) -> str | None:
        """None once every file is written; else what went wrong."""
        self.process.join()
        if self.process.exitcode == 0:
            return None
        return self.errors.get() if not self.errors.empty() else f"it ended with code {self.process.exitcode}"

    def close(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
            self.process.join()


def _write_files(make_files: Callable[[], dict[str, bytes]], folder: Path, errors: Any) -> None:
    gc.freeze()  # see _index_pages
    try:
        for path, content in make_files().items():
            write_file(folder, path, content)
    except BaseException as error:
        errors.put(f"{type(error).__name__}: {error}")
        raise SystemExit(1) from None


class PageRecord:
    """What the search plugin reads of a page, in a form that can be sent to a process."""

    def __init__(self, page: Any, html: str) -> None:
        self.title = page.title
        self.url = page.url
        self.content = search_html(html)
        self.toc = page.toc
        self.meta = page.meta


# An event's facts (its terms and sources) as the generator writes them, and the inline
# tags in them: Material's search keeps only their text, so without them it indexes the
# same text, parsing a third less. (The generator escapes the facts' text.)
_FACTS = re.compile(r'<div class="tl-facts">\n.*?\n</div>', re.S)
_INLINE_TAG = re.compile(r"</?(?:a|strong|span|time|cite)\b[^>]*>|<br>")


def search_html(html: str) -> str:
    """A page's HTML for Material's search index: the same entries, made faster."""
    return _FACTS.sub(_without_inline_tags, html)


def _without_inline_tags(facts: re.Match[str]) -> str:
    # A heading (from a template of the user's) opens a section, whose permalink the
    # indexer must still see.
    return facts[0] if re.search(r"<h[1-6]\b", facts[0]) else _INLINE_TAG.sub("", facts[0])


def can_fork() -> bool:
    """Forking is the cheap way to hand a worker what the build holds. Linux has it
    (macOS too, with system libraries that do not survive it); and only a process
    without other threads can fork safely (`mkdocs serve --clean` builds as "build")."""
    return (sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1)


def find_search_plugin(config: Any) -> Any | None:
    """Material's search plugin, when the site uses it."""
    try:
        from material.plugins.search.plugin import SearchPlugin
    except ImportError:
        return None
    for plugin in config.plugins.values():
        if isinstance(plugin, SearchPlugin) and getattr(plugin, "search_index", None) is not None:
            return plugin
    return None


class SearchWorker:
    def __init__(self, plugin: Any) -> None:
        self.plugin = plugin
        self.handed_over: list[tuple[Any, dict]] = []  # (page, its own meta)
        context = multiprocessing.get_context("fork")
        # A Queue sends from a thread of its own, so MkDocs never waits for the worker.
        self.pages = context.Queue()
        # Once the build stops, undelivered pages are not wanted: leaving the process
        # must not wait for them (the worker may be gone).
        self.pages.cancel_join_thread()
        self.results = context.Queue()
        self.process = context.Process(target=_index_pages, args=(plugin.search_index, self.pages, self.results),
                                       name="timeline-search-index", daemon=True)
        self.process.start()

    def take(self, page: Any, html: str) -> None:
        """Send a converted page to the worker and have the plugin skip it."""
        search = page.meta.get("search")
        if search is not None and (not isinstance(search, dict) or search.get("exclude")):
            return  # excluded, or a setting the plugin reads its own way: leave it to the plugin
        self.pages.put(PageRecord(page, html))
        self.handed_over.append((page, page.meta))
        page.meta = {**page.meta, "search": {**(search or {}), "exclude": True}}

    def finish(self) -> None:
        """Add the worker's entries to the plugin's index, in page order."""
        for page, meta in self.handed_over:
            page.meta = meta
        self.pages.put(None)
        entries = self._collect_entries()
        self.close(finished=entries is not None)
        if entries is None:
            log.warning("search indexing in a second process failed; indexing here instead")
            for page, _ in self.handed_over:
                self.plugin.search_index.add_entry_from_context(page)
        else:
            self.plugin.search_index.entries.extend(entries)

    def _collect_entries(self) -> list | None:
        """The entries, page by page (one large message would briefly need twice the
        memory); None if the worker failed or died."""
        entries: list = []
        while True:
            try:
                batch = self.results.get(timeout=1)
            except queue.Empty:
                if self.process.is_alive():
                    continue
                try:
                    batch = self.results.get(timeout=1)  # sent just before it ended?
                except queue.Empty:
                    return None
            if batch is None:
                return entries
            if batch == _FAILED:
                return None
            entries.extend(batch)

    def close(self, finished: bool = False) -> None:
        """Wait for a worker that has sent everything; stop one of a build that failed."""
        if finished:
            self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join()
        self.pages.close()
        self.results.close()


_FAILED = "failed"


def _index_pages(index: Any, pages: Any, results: Any) -> None:
    """In the worker: index pages until told to stop, sending each page's entries."""
    # The objects inherited from the build are not this process's garbage: keep the
    # collector off them, or it walks (and copies) the whole heap again and again.
    gc.freeze()
    first = len(index.entries)  # entries made before the fork are the main process's
    try:
        while (record := pages.get()) is not None:
            index.add_entry_from_context(record)
            results.put(index.entries[first:])
            del index.entries[first:]
    except BaseException:
        results.put(_FAILED)
        raise
    results.put(None)
