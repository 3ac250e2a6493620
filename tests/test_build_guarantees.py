"""What the build guarantees: reproducible, atomic, really strict; its security headers; who reviews code."""

from __future__ import annotations

import base64
import hashlib
import re
import time
from pathlib import Path

import pytest

from conftest import ROOT, TopicBuilds, make_project, run_mkdocs
from explainer.security import headers_file, inline_script_hashes, page_policy, with_policy


def _tree(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def test_two_builds_are_byte_identical(tmp_path: Path, topic_builds: TopicBuilds):
    # The session's build of the fixture topic (made once, shared with other tests), and one more, in another
    # folder and another process.
    first = topic_builds("mini").project
    second = make_project(tmp_path / "b")
    result = run_mkdocs(second, env={"SOURCE_DATE_EPOCH": None, "SITE_URL": None})
    assert result.returncode == 0, result.stdout + result.stderr
    one, two = _tree(first / "site"), _tree(second / "site")
    assert sorted(one) == sorted(two)
    different = [name for name in one if one[name] != two[name]]
    assert different == []
    # Not a git checkout: the date MkDocs stamps is the newest source's publication, not today.
    assert "<lastmod>2020-03-10</lastmod>" in (first / "site" / "sitemap.xml").read_text()


def test_source_date_epoch_wins(project: Path):
    result = run_mkdocs(project, env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert result.returncode == 0
    assert "<lastmod>2023-11-14</lastmod>" in (project / "site" / "sitemap.xml").read_text()


def test_the_last_commit_dates_a_git_checkout(project: Path):
    import subprocess

    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    subprocess.run([*git, "-C", str(project), "add", "-A"], check=True)
    subprocess.run(
        [*git, "-C", str(project), "commit", "-qm", "x"],
        check=True,
        env={"GIT_AUTHOR_DATE": "2024-01-02T10:00:00Z", "GIT_COMMITTER_DATE": "2024-01-02T10:00:00Z", "PATH": "/usr/bin:/bin"},
    )
    result = run_mkdocs(project, env={"SOURCE_DATE_EPOCH": None})
    assert result.returncode == 0
    assert "<lastmod>2024-01-02</lastmod>" in (project / "site" / "sitemap.xml").read_text()


def test_a_strict_warning_leaves_the_previous_site_in_place(project: Path):
    result = run_mkdocs(project)
    assert result.returncode == 0
    before = _tree(project / "site")
    (project / "content" / "report.md").write_text("# Report\n\nSee [the missing page](nowhere.md).\n")
    result = run_mkdocs(project)
    assert result.returncode == 1
    assert "Aborted with 1 warnings in strict mode!" in result.stdout + result.stderr
    assert _tree(project / "site") == before
    assert not (project / ".site.staging").exists()
    assert list(project.glob(".*spill*")) == []  # where the build wrote its pages as it made them


def test_a_successful_build_replaces_the_site_whole(project: Path):
    (project / "site").mkdir()
    (project / "site" / "stale.html").write_text("from an older build")
    result = run_mkdocs(project)
    assert result.returncode == 0
    assert not (project / "site" / "stale.html").exists()
    assert (project / "site" / "timeline" / "index.html").is_file()
    assert not (project / ".site.staging").exists()
    assert list(project.glob(".*spill*")) == []  # where the build wrote its pages as it made them
    # The previous site is deleted in the background, after the new one is in place.
    deadline = time.monotonic() + 30
    while list(project.glob(".site.previous*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert list(project.glob(".site.previous*")) == []


def test_strict_with_quiet_is_refused(project: Path):
    result = run_mkdocs(project, "build", "--strict", "-q")
    assert result.returncode == 1
    assert (
        "--strict cannot see warnings that -q (--quiet) hides, and MkDocs 1.6.1 then exits 0 (mkdocs#4126);"
        " build with --strict and without -q" in result.stderr
    )


def test_links_and_anchors_are_checked_strictly(project: Path):
    (project / "content" / "report.md").write_text("# Report\n\n[An anchor that is not there](timeline.md#no-such-anchor)\n")
    result = run_mkdocs(project)
    assert result.returncode == 1
    assert "contains a link 'timeline.md#no-such-anchor', but the doc 'timeline.md' does not contain an anchor '#no-such-anchor'" in result.stderr


# --- Content-Security-Policy and _headers -----------------------------------------------------


def test_inline_scripts_are_allowed_by_their_hash_and_data_blocks_are_not_counted():
    html = '<head></head><script>var a=1</script><script type="application/json">{"a":1}</script><script src="x.js"></script>'
    digest = base64.b64encode(hashlib.sha256(b"var a=1").digest()).decode()
    assert inline_script_hashes(html) == [f"'sha256-{digest}'"]
    assert page_policy(html) == (
        f"default-src 'none'; script-src 'self' 'wasm-unsafe-eval' 'sha256-{digest}'; style-src 'self'; img-src 'self' data: blob:;"
        " font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; base-uri 'self'; form-action 'self'"
    )
    assert with_policy(html).startswith('<head><meta http-equiv="Content-Security-Policy" content="default-src')


@pytest.fixture(scope="module")
def built(topic_builds: TopicBuilds) -> Path:
    return topic_builds("mini").site


def test_every_page_carries_its_policy_first_in_head(built: Path):
    pages = [p for p in built.rglob("*.html") if "/embed/" not in p.as_posix()]
    assert len(pages) > 20
    for page in pages:
        html = page.read_text()
        head = re.search(r"<head\b[^>]*>", html)
        meta = re.match(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html[head.end():])
        assert meta, page
        policy = meta.group(1)
        if page.parent.name == "events":  # an event's permalink: a redirect that needs nothing at all
            assert policy == "default-src 'none'"
            continue
        for source in inline_script_hashes(html):
            assert source in policy
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy and "style-src 'self';" in policy


def test_no_inline_handlers_or_style_attributes_in_what_the_generator_writes(built: Path):
    for page in built.rglob("*.html"):
        html = re.sub(r"<script\b[^>]*>.*?</script>", "", page.read_text(), flags=re.S)
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), page
        assert not re.search(r"<[^>]+\sstyle\s*=", html), page


def test_embed_pages_have_their_own_policy(built: Path):
    embed = (built / "embed" / "timeline" / "index.html").read_text()
    assert (
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; script-src \'self\'; style-src \'self\';'
        " img-src 'self' data:; base-uri 'none'; form-action 'none'\">" in embed
    )
    assert "<script>" not in embed


def test_headers_file_for_static_hosts(built: Path):
    text = (built / "_headers").read_text()
    assert text == headers_file(built)
    rules = dict(re.findall(r"^(/\S*)\n((?:  .*\n)+)", text, re.M))
    assert rules["/embed/*"] == (
        "  Content-Security-Policy: frame-ancestors *\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: no-referrer\n"
    )
    own = (
        "  Content-Security-Policy: frame-ancestors 'self'\n  X-Frame-Options: SAMEORIGIN\n"
        "  X-Content-Type-Options: nosniff\n  Referrer-Policy: no-referrer\n"
    )
    for pattern in ("/", "/timeline/*", "/events/*", "/index.html", "/assets/*"):
        assert rules[pattern] == own, pattern
    # One rule per top-level entry: no two patterns match the same path.
    assert sorted(rules) == sorted(["/"] + [f"/{p.name}/*" if p.is_dir() else f"/{p.name}" for p in built.iterdir() if p.name != "_headers"])


def test_codeowners_guard_what_runs_at_build_time():
    owners = (ROOT / ".github" / "CODEOWNERS").read_text()
    rules = [line.split()[0] for line in owners.splitlines() if line.strip() and not line.startswith("#")]
    for path in ("/mkdocs.yml", "/templates/", "/scripts/", "/.github/", "/pyproject.toml", "/.ci/"):
        assert path in rules
    assert not any(rule.startswith(("/site_data", "/content")) and rule != "/site_data/schemas/" for rule in rules)
