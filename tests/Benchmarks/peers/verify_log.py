"""Peer for the decision-log benchmark: verifies hashes and links of a JSON-lines export with hashlib and json.

Prints the entries verified per second (excluding the time to read the file). Checkpoint signatures are not checked
(the standard library has no ECDSA), so the peer does strictly less work than `ChainVerifier`.
"""
import hashlib
import json
import sys
import time


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def main(path):
    with open(path, encoding="utf-8") as f:
        lines = f.readlines()
    start = time.perf_counter()
    previous = "0" * 64
    count = 0
    for line in lines:
        entry = json.loads(line)
        if entry["type"] != "entry":
            continue
        text = ('{"v":1,"org":%s,"seq":%d,"kind":%s,"subject":%s,"actor":%s,"at":%s,"payload":%s,"prev":%s}' % (
            json.dumps(entry["org"], ensure_ascii=False), entry["seq"], json.dumps(entry["kind"], ensure_ascii=False),
            json.dumps(entry["subject"], ensure_ascii=False), json.dumps(entry["actor"], ensure_ascii=False),
            json.dumps(entry["at"]), canonical(entry["payload"]), json.dumps(entry["prev"])))
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != entry["hash"] or entry["prev"] != previous:
            print("broken at %d" % entry["seq"])
            return 1
        previous = entry["hash"]
        count += 1
    elapsed = time.perf_counter() - start
    print(count / elapsed)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
