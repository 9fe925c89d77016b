"""`invoke validate --format github`: each mistake becomes a GitHub workflow command, so a pull
request shows it on the line that is wrong."""
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from hub.core.report import github_annotation, render
from hub.core.yamlio import Problem

BROKEN = Path(__file__).resolve().parent / "fixtures" / "broken-hub"


def test_a_problem_becomes_an_error_annotation_on_its_line():
    problem = Problem("members/x.yaml", 4, "website", "'x.org' has no scheme; write it in full")
    assert github_annotation(problem) == ("::error file=members/x.yaml,line=4,title=website::'x.org' has no scheme; "
                                          "write it in full")


def test_annotation_text_is_escaped_as_github_requires():
    """'%', CR and LF in the message; also ':' and ',' in properties (GitHub's escapeData and
    escapeProperty): a value quoted in a message can never start a workflow command of its own."""
    problem = Problem("members/a,b.yaml", 2, "offers[0].title: x", "100% sure\r\n::error::forged, really")
    assert github_annotation(problem) == (
        "::error file=members/a%2Cb.yaml,line=2,title=offers[0].title%3A x::100%25 sure%0D%0A::error::forged, really")


def test_text_format_is_the_default():
    problem = Problem("members/x.yaml", 4, "website", "wrong")
    assert render([problem]) == ["members/x.yaml:4: website: wrong"]


def test_validate_with_format_github_annotates_every_problem_of_the_broken_tree():
    result = subprocess.run([sys.executable, "-m", "hub.core.validate", str(BROKEN), "--format", "github"],
                            capture_output=True, text=True)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    expected = (BROKEN / "expected-problems.txt").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(expected) and lines[-1] == expected[-1]  # the count, in words
    assert lines[0] == ("::error file=members/Bad_Slug.yaml,line=1,title=(file name)::'Bad_Slug.yaml' is not a "
                        "valid slug; the file name must be lowercase letters, digits and single hyphens, e.g. "
                        "'bad-slug.yaml'")
    assert all(line.startswith("::error file=members/") for line in lines[:-1])


def test_invoke_validate_accepts_the_github_format_and_refuses_others(tmp_path):
    run = lambda *args: subprocess.run([sys.executable, "-m", "invoke", "validate", *args], cwd=ROOT,
                                       capture_output=True, text=True)
    assert run("--format", "github").returncode == 0
    refused = run("--format", "xml")
    assert refused.returncode == 1 and refused.stderr.strip() == "--format xml: use one of text, github"
