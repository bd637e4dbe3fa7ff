"""This process's page faults, kernel CPU time and peak resident memory, reported by the PyTorch timing tools beside
their timings with the same names as robustpose's `bench` JSON (`core.device.ProcessCounters`): on a VM the cost of
a fresh page moves over the day, and a round whose system time or fault count jumps explains its time."""
import os
import resource


def snapshot():
    return resource.getrusage(resource.RUSAGE_SELF)


def per(start, n, unit):
    """Faults and system seconds since `start` per `unit` ("step", "batch") over `n` of them, and the peak RSS."""
    now = resource.getrusage(resource.RUSAGE_SELF)
    return {"system_seconds_per_" + unit: round((now.ru_stime - start.ru_stime) / n, 3),
            "page_faults_per_" + unit: ((now.ru_minflt - start.ru_minflt) + (now.ru_majflt - start.ru_majflt)) // n,
            "peak_rss_mb": round(now.ru_maxrss / 1024),  # kB on Linux
            "glibc_tunables": os.environ.get("GLIBC_TUNABLES", "unset")}
