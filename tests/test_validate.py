"""kg validate: the real data is clean; every invalid fixture is rejected with its own message."""

import pytest

from conftest import FIXTURES

INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))


def expected_message(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: "), f"{path.name} must start with '# expect: <message>'"
    return first[len("# expect: "):]


def test_real_data_passes_validate(kg):
    result = kg("validate")
    assert result.exit_code == 0, result.stderr
    assert "no problems" in result.stdout


def test_valid_fixture_passes(kg):
    result = kg("--data", FIXTURES / "valid" / "minimal.yaml", "validate")
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_fixture_is_rejected_with_its_message(kg, path):
    result = kg("--data", path, "validate")
    expected_code = 2 if path.stem == "malformed-yaml" else 1
    assert result.exit_code == expected_code, result.stderr
    assert expected_message(path) in result.stderr
    assert "Traceback" not in result.stderr
    assert str(path) in result.stderr  # every problem names its file


def test_problems_name_file_record_and_field(kg):
    result = kg("--data", FIXTURES / "invalid" / "date-2024-13-45.yaml", "validate")
    line = next(l for l in result.stderr.splitlines() if "malformed date" in l)
    assert line.startswith(str(FIXTURES / "invalid" / "date-2024-13-45.yaml") + ":10: us-japan-soi.date:")


def test_every_problem_is_reported_at_once(kg, tmp_path):
    bad = tmp_path / "two-problems.yaml"
    text = (FIXTURES / "invalid" / "date-2024-13-45.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("status: signed", "status: maybe"), encoding="utf-8")
    result = kg("--data", bad, "validate")
    assert result.exit_code == 1
    assert "malformed date" in result.stderr and "unknown status 'maybe'" in result.stderr


def test_missing_data_folder_is_a_clear_input_error(kg, tmp_path):
    result = kg("--data", tmp_path / "nothing-here", "validate")
    assert result.exit_code == 2
    assert "no YAML data files found" in result.stderr


def test_shacl_runs_on_the_compiled_graph(kg):
    # basedIn pointing at an agreement passes the record checks; only SHACL catches it
    result = kg("--data", FIXTURES / "invalid" / "based-in-not-a-country.yaml", "validate", "--no-shacl")
    assert result.exit_code == 0
    result = kg("--data", FIXTURES / "invalid" / "based-in-not-a-country.yaml", "validate")
    assert result.exit_code == 1 and "shacl kg:basedIn" in result.stderr
