# SPDX-License-Identifier: MIT
"""`make bench`: boots the bench config under -icount shift=0 (one
instruction per virtual nanosecond, so counts repeat exactly) and prints
what the bench guest and Vigil report."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "integration"))
from vigil_qemu import Boot  # noqa: E402


def image_size(boot):
    return sum(int(s, 16) for s in re.findall(r"^vigil: measured .* size (0x[0-9a-f]+)",
                                                boot.console, re.M))


def main():
    with Boot(config="bench", extra_args=["-icount", "shift=0"]) as b:
        b.wait_for(r"^\[bench\] bench: done$", timeout=120)
    for line in b.console.splitlines():
        if line.startswith("[bench] bench:") and not line.endswith("done"):
            print(line[len("[bench] "):])
        elif line.startswith("vigil: starting "):
            # under -icount shift=0 one microsecond is 1000 instructions
            m = re.search(r"(\d+) us after entry \(hashing images took (\d+) us\)",
                          line)
            print(f"bench: {'boot to first partition':28s} "
                  f"{int(m.group(1)) * 1000:9d} instructions")
            print(f"bench: {'hashing ' + str(image_size(b)) + ' image bytes':28s} "
                  f"{int(m.group(2)) * 1000:9d} instructions")


if __name__ == "__main__":
    main()
