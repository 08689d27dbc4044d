"""Records PyThaiNLP's TCC clusters of the samples into tcc_pythainlp.txt (see tests.rs).

  cargo test -p catalog --lib analysis::tests::write_compact_samples -- --ignored
  pip download --no-deps pythainlp==5.4.0 && unzip -o pythainlp-5.4.0-py3-none-any.whl 'pythainlp/tokenize/tcc.py'
  python3 catalog/src/analysis/testdata/tcc_pythainlp.py pythainlp/tokenize/tcc.py > catalog/src/analysis/testdata/tcc_pythainlp.txt

tcc.py is loaded on its own (it needs only `re`), so the rest of PyThaiNLP need not be installed.
"""
import glob
import hashlib
import importlib.util
import os
import sys
import tempfile

spec = importlib.util.spec_from_file_location("tcc", sys.argv[1])
tcc = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tcc)

print("# PyThaiNLP 5.4.0 tcc.segment() on each sample, normalized by khlang and with whitespace removed:")
print("# sample, number of clusters, SHA-256 of the clusters joined by '|'. Recorded with Python.")
for path in sorted(glob.glob(os.path.join(tempfile.gettempdir(), "khlang-compact", "*.txt"))):
    text = open(path, encoding="utf-8").read()
    clusters = tcc.segment(text)
    digest = hashlib.sha256("|".join(clusters).encode()).hexdigest()
    print(os.path.basename(path), len(clusters), digest)
