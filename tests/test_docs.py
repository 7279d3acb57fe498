"""The walk-through in docs/API.md runs as written, block after block, and shows what it says."""

import contextlib
import io
import os
import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "API.md"


def test_api_walkthrough_runs_block_after_block(tmp_path):
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 6
    namespace, out = {}, io.StringIO()
    cwd = os.getcwd()
    os.chdir(tmp_path)  # m.write("anl.html") lands here
    try:
        with contextlib.redirect_stdout(out):
            for block in blocks:
                exec(compile(block, str(DOC), "exec"), namespace)  # noqa: S102 - our own documentation
    finally:
        os.chdir(cwd)
    text = out.getvalue()
    assert "Argonne National Laboratory" in text  # the path reaches ANL
    assert "national laboratories" in text and "17 national laboratories" in text
    assert (tmp_path / "anl.html").read_text(encoding="utf-8") == namespace["m"].html
    assert namespace["top"].shape[0] == 10
