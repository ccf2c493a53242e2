#!/usr/bin/env bash
# Executes every examples/*.ipynb with the Deno Jupyter kernel (Debian: jupyter-nbconvert,
# python3-nbclient, python3-ipykernel; `deno jupyter --install` writes the kernelspec) and fails
# when a cell raises or when a notebook's last cell displays nothing. Executed copies go to
# ${NOTEBOOK_OUT:-/tmp/elml-notebooks}; the notebooks in the repository are left unchanged.
set -euo pipefail
cd "$(dirname "$0")"
out="${NOTEBOOK_OUT:-/tmp/elml-notebooks}"
mkdir -p "$out"
jupyter kernelspec list 2>/dev/null | grep -qw deno || deno jupyter --install >/dev/null 2>&1
status=0
for nb in *.ipynb; do
  start=$(date +%s)
  if jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=900 \
    --ExecutePreprocessor.kernel_name=deno --output-dir "$out" "$nb" >"$out/${nb%.ipynb}.log" 2>&1; then
    if python3 - "$out/$nb" <<'PY'
import json, sys
cells = [c for c in json.load(open(sys.argv[1]))["cells"] if c["cell_type"] == "code"]
last = cells[-1]["outputs"]
ok = any("text/html" in o.get("data", {}) for o in last)
sys.exit(0 if ok else 1)
PY
    then
      echo "notebook $nb: ok ($(( $(date +%s) - start )) s)"
    else
      echo "notebook $nb: its last cell displayed no HTML"
      status=1
    fi
  else
    echo "notebook $nb: a cell failed:"
    grep -v "^0.00s" "$out/${nb%.ipynb}.log" | tail -20
    status=1
  fi
done
exit $status
