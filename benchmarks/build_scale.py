"""Build-scale benchmark: synthesize N events, run the full build, print the figures.

    python benchmarks/build_scale.py --events 10000 [--repeat 5] [--vs-blog]

Last line: events=N generate_s=… mkdocs_s=… total_s=… peak_mb=… (with --repeat N, the
medians of N builds: a shared machine's timings vary from run to run)
generate_s is our share of the build's time: read, check, model, render the pages. The
feeds and exports are timed on their own line: from parallel.MIN_EVENTS events on, a
build writes them on the second core while MkDocs converts the pages. mkdocs_s is the
rest of the build; peak_mb is the build process's peak resident memory (its worker
processes' is printed on a line of its own). Each build runs in a fresh child process
so that runs do not share caches or memory. --vs-blog also builds the same events as
one Material blog post each, in the same run, and prints the ratio.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from generator.parallel import MIN_EVENTS  # noqa: E402

WORDS = ("ministry officials said the shipment convoy border talks satellite images showed "
         "containers loaded vessel port rail depot statement sanctions council meeting leaders "
         "reported analysts confirmed denied alleged military exercise drills coast navy").split()


def synthesize(project: Path, count: int, seed: int = 7) -> None:
    """A project with `count` events over 25 years, 200 sources, and realistic term counts."""
    rng = random.Random(seed)
    content = project / "content"
    (content / "events").mkdir(parents=True)
    (content / "sources").mkdir()
    tags = [f"tag {i}" for i in range(40)]
    actors = [f"Actor {i}" for i in range(300)]
    places = [f"Place {i}" for i in range(200)]
    sources = [f"source-{i}" for i in range(200)]
    for source in sources:
        (content / "sources" / f"{source}.md").write_text(
            f"---\ntitle: Report {source}\nurl: https://news.example.org/{source}\n"
            f"publisher: Example News\npublished: 2020-01-01\n---\nNotes.\n", encoding="utf-8")
    for number in range(count):
        year = 2000 + number % 25
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        date = rng.choice([f"{year}-{month:02d}-{day:02d}"] * 6 + [f"{year}-{month:02d}", f"\"{year}-{month:02d}~\"",
                                                                     f"{year}-{month:02d}-01/{year}-{month:02d}-{day:02d}"])
        body = " ".join(rng.choice(WORDS) for _ in range(80))
        (content / "events" / f"event-{number}.md").write_text(
            "---\n"
            f"title: Event {number} {' '.join(rng.choice(WORDS) for _ in range(6))}\n"
            f"date: {date}\n"
            f"status: {rng.choice(['confirmed', 'reported', 'alleged'])}\n"
            f"tags: [{', '.join(rng.sample(tags, 2))}]\n"
            f"actors: [{', '.join(rng.sample(actors, 2))}]\n"
            f"places: [{rng.choice(places)}]\n"
            "sources:\n"
            f"  - source: {rng.choice(sources)}\n"
            f"    quote: {' '.join(rng.choice(WORDS) for _ in range(12))}\n"
            f"  - url: https://wire.example.org/{number}\n"
            f"    title: Wire story {number}\n"
            "---\n"
            f"{body}\n", encoding="utf-8")


def write_config(project: Path) -> Path:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"hooks:\n  - \S+", f"hooks:\n  - {ROOT / 'generator' / 'mkdocs_hook.py'}", config)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    (project / "site_templates").symlink_to(ROOT / "site_templates")
    return project / "mkdocs.yml"


def child_build(config_file: Path) -> dict:
    """Runs in the child: time our share, then the whole build."""
    from generator.build import build_site, gc_paused, release_kept
    from generator.config import load_settings
    from generator.pipeline import read_timeline
    from generator.publish import data_files, publish_pages

    settings = load_settings(config_file)
    start = time.perf_counter()
    with gc_paused():  # as the build and the hook do
        timeline, _ = read_timeline(settings)
        publish_pages(timeline, settings)  # the pages, corrections and schema the hook adds
    generate_s = time.perf_counter() - start
    start = time.perf_counter()
    with gc_paused():
        data_files(timeline, settings)  # feeds and exports: a large build writes them beside MkDocs
    data_s = time.perf_counter() - start
    del timeline
    release_kept()  # as a build does when it ends,
    gc.collect()  # and what the timings above left is gone before the build, as in a fresh process

    start = time.perf_counter()
    build_site(config_file, settings)  # reads, renders and runs MkDocs once
    total_s = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # The search worker (generator/parallel.py) is a forked child: most of its
    # resident memory is pages shared with the build, so it is reported on its own.
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"generate_s": generate_s, "mkdocs_s": total_s - generate_s, "total_s": total_s, "peak_mb": peak_mb,
            "worker_peak_mb": worker_mb, "data_s": data_s}


def child_blog(project: Path) -> dict:
    """Runs in the child: the same events as one Material blog post each."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    docs = project / "blog_docs"
    posts = docs / "blog" / "posts"
    posts.mkdir(parents=True)
    (docs / "blog" / "index.md").write_text("# Blog\n", encoding="utf-8")
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    for event in sorted((project / "content" / "events").glob("*.md")):
        text = event.read_text(encoding="utf-8")
        date = re.search(r"^date: \"?(\d{4}-\d{2})", text, re.M)[1]
        title = re.search(r"^title: (.*)$", text, re.M)[1]
        body = text.split("---\n", 2)[2]
        (posts / event.name).write_text(f"---\ndate: {date}-01\n---\n# {title}\n\n{body}", encoding="utf-8")
    (project / "blog.yml").write_text(
        "site_name: Blog\ndocs_dir: blog_docs\nsite_dir: blog_site\ntheme: {name: material, font: false}\n"
        "plugins: [search, blog]\n", encoding="utf-8")
    start = time.perf_counter()
    build(load_config(str(project / "blog.yml")))
    return {"total_s": time.perf_counter() - start,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run_child(*args: str) -> dict:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, env=env)
    if result.returncode:
        sys.exit(f"child failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--vs-blog", action="store_true", help="also build the events as Material blog posts")
    parser.add_argument("--keep", action="store_true", help="keep the synthesized project")
    parser.add_argument("--repeat", type=int, default=1,
                        help="build N times (each in a fresh process) and report the median of each figure")
    parser.add_argument("--child", choices=("build", "blog"), help=argparse.SUPPRESS)
    parser.add_argument("--project", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child == "build":
        print(json.dumps(child_build(args.project / "mkdocs.yml")))
        return
    if args.child == "blog":
        print(json.dumps(child_blog(args.project)))
        return

    project = Path(tempfile.mkdtemp(prefix="timeline-bench-"))
    try:
        synthesize(project, args.events)
        write_config(project)
        runs = []
        for _ in range(max(args.repeat, 1)):
            runs.append(run_child("--child", "build", "--project", str(project)))
            if args.repeat > 1:
                run = runs[-1]
                print(f"run {len(runs)}: generate_s={run['generate_s']:.2f} total_s={run['total_s']:.2f}")
        figures = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
        if args.repeat > 1:
            print(f"medians of {len(runs)} runs (total_s from {min(r['total_s'] for r in runs):.2f} "
                  f"to {max(r['total_s'] for r in runs):.2f})")
        if args.vs_blog:
            blog = run_child("--child", "blog", "--project", str(project))
            print(f"blog: events={args.events} total_s={blog['total_s']:.2f} peak_mb={blog['peak_mb']:.0f} "
                  f"ratio_blog_over_timeline={blog['total_s'] / figures['total_s']:.1f}x")
        print(f"generator share: {100 * figures['generate_s'] / figures['total_s']:.1f}% of the total")
        print(f"feeds and exports: {figures['data_s']:.2f} s more, not in generate_s: from "
              f"{MIN_EVENTS} events on they are written beside MkDocs (generator/parallel.py)")
        print(f"worker processes' peak: {figures['worker_peak_mb']:.0f} MB resident, mostly shared with the build")
        print(f"events={args.events} generate_s={figures['generate_s']:.2f} mkdocs_s={figures['mkdocs_s']:.2f} "
              f"total_s={figures['total_s']:.2f} peak_mb={figures['peak_mb']:.0f}")
    finally:
        if args.keep:
            print(f"project kept in {project}", file=sys.stderr)
        else:
            shutil.rmtree(project, ignore_errors=True)


if __name__ == "__main__":
    main()
