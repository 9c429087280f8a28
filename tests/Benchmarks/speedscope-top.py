#!/usr/bin/env python3
"""Where a service's CPU goes, from a dotnet-trace sampled-thread-time trace converted to speedscope JSON.

The sampler records every managed thread, running or blocked; stacks that pass through a wait are dropped,
so what remains approximates CPU time. Prints the frames with the largest inclusive share, and the share of each
category (first matching pattern in the stack, outermost-specific first).

Usage: dotnet-trace convert trace.nettrace --format speedscope -o trace
       tests/Benchmarks/speedscope-top.py trace.speedscope.json [--top 40] [--match TEXT]
"""
import argparse
import collections
import json

PSEUDO = ("CPU_TIME", "UNMANAGED_CODE_TIME")

# Frames that mean the thread is blocked, not running.
WAITS = ("WaitNative", "WaitForSignal", "Monitor.Wait", "WaitOneNoCheck", "Interop+Sys.Read", "Sys.WaitForSocketEvents",
         "Interop+Sys.Poll", "SleepInternal", "Thread.Sleep", "Interop+Sys.ReceiveMessage", "Thread.Join",
    "SpinThenBlockingWait", "ManualResetEventSlim.Wait")

# Categories, checked in order against each stack (innermost category wins: listed from specific to general).
CATEGORIES = [
    ("tracing (EventPipe itself)", ("EventSource.DefineEventPipeEvents", "EventPipe")),
    ("JWT signature (RSA verify)", ("RsaVerifyHash", "RSA.VerifyHash", "AsymmetricSignatureProvider.Verify")),
    ("JWT validation, other", ("JsonWebTokenHandler", "JwtBearerHandler", "TokenValidationParameters")),
    ("authorization", ("AuthorizationMiddleware", "AuthorizationHandler", "PolicyEvaluator")),
    ("SQLite", ("SQLitePCL", "Microsoft.Data.Sqlite")),
    ("EF Core", ("EntityFrameworkCore",)),
    ("JSON", ("System.Text.Json",)),
    ("logging", ("Microsoft.Extensions.Logging", "OpenTelemetry.Logs")),
    ("telemetry (traces, metrics)", ("OpenTelemetry", "System.Diagnostics.Metrics", "DiagnosticListener", "Activity.")),
    ("DI scope and service resolution", ("DependencyInjection",)),
    ("Kestrel, sockets and the rest of the pipeline", ("Kestrel", "System.Net.Sockets", "SocketAsyncEngine", "Pipelines")),
    ("routing and endpoint", ("Routing", "RequestDelegateFactory", "EndpointMiddleware")),
    ("GC", ("PollGC", "GC.", "Finalize")),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--match", help="only frames containing this text")
    args = parser.parse_args()
    data = json.load(open(args.file))
    frames = [f["name"] for f in data["shared"]["frames"]]
    inclusive = collections.Counter()
    exclusive = collections.Counter()
    categories = collections.Counter()
    total = 0.0
    for profile in data["profiles"]:
        stack = []
        last = None
        for event in profile["events"]:
            if last is not None and stack and event["at"] > last:
                span = event["at"] - last
                names = [frames[i] for i in stack]
                # The innermost frame is the sampler's CPU_TIME or UNMANAGED_CODE_TIME; the wait is further out.
                leaf = next((n for n in reversed(names) if n not in PSEUDO), names[-1])
                if not any(w in n for n in names for w in WAITS):
                    total += span
                    for name in set(names):
                        inclusive[name] += span
                    exclusive[leaf] += span
                    categories[categorize(names)] += span
            if event["type"] == "O":
                stack.append(event["frame"])
            else:
                stack.pop()
            last = event["at"]
    print(f"running time sampled: {total / 1000:.2f} s (thread time with blocked stacks removed)\n")
    print("| category | share |\n|---|---:|")
    for name, span in categories.most_common():
        print(f"| {name} | {100 * span / total:.1f} % |")
    print(f"\ntop {args.top} frames by inclusive share (exclusive in brackets):")
    shown = 0
    for name, span in inclusive.most_common():
        if args.match and args.match not in name:
            continue
        print(f"{100 * span / total:6.1f} % ({100 * exclusive[name] / total:5.1f} %)  {name[:160]}")
        shown += 1
        if shown == args.top:
            break


def categorize(names):
    # The innermost frame that belongs to a category decides: a JSON write inside EF counts as JSON.
    for name in reversed(names):
        for category, patterns in CATEGORIES:
            if any(p in name for p in patterns):
                return category
    return "other"


if __name__ == "__main__":
    main()
