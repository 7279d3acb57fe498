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


def _laughs(levels=9, width=9):
    """The "billion laughs" YAML file: each level an alias list of the one before (width ** levels values)."""
    lines = ["- id: lol", "  type: Lab", "  a0: &a0 [" + ", ".join(["lol"] * width) + "]"]
    lines += [f"  a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * width) + "]" for n in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_yaml_alias_bomb_is_refused_at_once_with_exit_2(tmp_path):
    import subprocess
    import sys

    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(_laughs(), encoding="utf-8")
    assert bomb.stat().st_size < 1200  # about a kilobyte standing for 9 ** 9 = 387 million values
    done = subprocess.run([sys.executable, "-m", "graph.cli", "--data", str(bomb), "validate", "--no-shacl"],
                          capture_output=True, text=True, timeout=120)  # unbounded, this ran ~60 s at 1 GB
    assert done.returncode == 2, done.stderr
    assert "bomb.yaml:" in done.stderr and "aliases (*name) expand to more than 1,000,000 values" in done.stderr
    assert "Traceback" not in done.stderr


def test_yaml_nested_past_pythons_recursion_is_a_message(kg, tmp_path):
    deep = tmp_path / "deep.yaml"
    deep.write_text("- id: deep\n  type: Lab\n  x: " + "[" * 500 + "]" * 500 + "\n", encoding="utf-8")
    result = kg("--data", deep, "validate", "--no-shacl")
    assert result.exit_code == 2 and "nested too deeply" in result.stderr and "deep.yaml" in result.stderr


def test_the_real_data_keeps_its_few_aliases(project):
    from graph.source.yamlfile import load_file

    text = (project.data / "agencies.yaml").read_text(encoding="utf-8")
    assert "*id001" in text  # the data does use aliases: they are bounded, not banned
    assert load_file(project.data / "agencies.yaml")


VALID = FIXTURES / "valid"


def _variant(tmp_path, name, old, new):
    source = sorted(VALID.glob("*.yaml"))[0].read_text(encoding="utf-8")
    assert old in source
    path = tmp_path / f"{name}.yaml"
    path.write_text(source.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("name, old, new, code, said", [
    ("type-as-a-list", "type: Country", "type: [Country]", 2, "us.type: must be a text, found a list"),
    ("relations-as-a-number", "  relations:\n    - {p: party, o: us}\n    - {p: party, o: japan}", "  relations: 5",
     2, "us-japan-soi.relations: must be a list, found the number 5"),
    ("relation-p-as-a-list", "{p: party, o: us}", "{p: [party], o: us}", 2,
     "us-japan-soi.relations[0].p: must be a text, found a list"),
    ("source-doc-as-a-list", "[{doc: s000,", "[{doc: [s000],", 2, "us.sources[0].doc: must be a text, found a list"),
    ("label-with-a-terminal-escape", "en: United States", 'en: "United\\e]0;pwned\\aStates"', 2,
     "us.label.en: holds a control character (U+001B)"),
    ("end-date-before-date", "  date: 2026-01\n", "  date: 2026-01\n  endDate: 2025-01\n", 1,
     "us-japan-soi.endDate: endDate '2025-01' is before date '2026-01'"),
    ("id-with-a-leading-zero", "- id: us\n", "- id: 010\n", 1, "refers to unknown id 'us'"),
])
def test_wrong_yaml_is_a_message_with_file_record_and_field(kg, tmp_path, name, old, new, code, said):
    path = _variant(tmp_path, name, old, new)
    result = kg("--data", path, "validate", "--no-shacl")
    assert result.exit_code == code and said in result.stderr and "Traceback" not in result.stderr
    assert str(path) in result.stderr


def test_an_id_is_kept_as_written(tmp_path):
    from graph.source.records import load_records

    path = _variant(tmp_path, "octal", "- id: us\n", "- id: 010\n")
    records, _ = load_records([path])
    assert records[0].id == "010"


def test_an_over_long_text_is_refused_by_validate(kg, tmp_path):
    path = _variant(tmp_path, "long", "en: United States", "en: " + "x" * 200_000)
    result = kg("--data", path, "validate", "--no-shacl")
    assert result.exit_code == 2 and "us.label.en: is 200,000 characters long" in result.stderr
