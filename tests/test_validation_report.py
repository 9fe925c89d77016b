"""What a coordinator sees from `invoke validate` / a build on a broken tree: every mistake, exit 1."""
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, run_pelican

BROKEN = Path(__file__).resolve().parent / "fixtures" / "broken-hub"


def validate(root: Path):
    return subprocess.run([sys.executable, "-m", "hub.core.validate", str(root)], capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT / "plugins"), "PATH": "/usr/bin:/bin"})


def test_broken_tree_reports_every_problem_exactly(tmp_path):
    result = validate(BROKEN)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (BROKEN / "expected-problems.txt").read_text()
    assert "Traceback" not in result.stderr


def test_report_format_is_path_line_field_message():
    lines = validate(BROKEN).stderr.splitlines()[:-1]
    assert len(lines) >= 20
    for line in lines:
        path, number, field, message = line.split(":", 3)
        assert path.startswith("members/") and number.isdigit() and field.strip() and message.strip()


def test_example_hub_is_valid():
    result = validate(ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: ")


def test_invoke_validate_exits_1_on_a_broken_tree(tmp_path):
    tree = tmp_path / "hub"
    shutil.copytree(BROKEN, tree)
    shutil.copy(ROOT / "tasks.py", tree / "tasks.py")
    (tree / "plugins").symlink_to(ROOT / "plugins")
    result = subprocess.run([sys.executable, "-m", "invoke", "validate"], cwd=tree, capture_output=True, text=True)
    assert result.returncode == 1
    assert "members/many-mistakes.yaml:4: website:" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_invalid_tree_builds_nothing(tmp_path):
    output = tmp_path / "out"
    result = run_pelican(BROKEN, output)
    assert result.returncode == 1
    assert "members/many-mistakes.yaml:18: contact.email:" in result.stderr
    assert "nothing was built" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not list(output.rglob("*.html")) and not (output / "members.json").exists()


def test_unknown_category_in_vocabulary_file_is_reported(hub_tree):
    (hub_tree / "categories.yaml").write_text("venues:\n  label: Venues\n  describe: typo\nBad Key:\n  label: x\n")
    result = validate(hub_tree)
    assert result.returncode == 1
    assert result.stderr.splitlines()[:3] == [
        "categories.yaml:1: venues.description: is required: One sentence explaining it",
        "categories.yaml:3: venues.describe: unknown field (did you mean \"description\"?); "
        "the allowed fields are: label, description, synonyms",
        "categories.yaml:4: Bad Key: category key 'Bad Key' may contain only lowercase letters, digits and "
        "single hyphens; try 'bad-key'",
    ]
