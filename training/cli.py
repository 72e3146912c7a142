"""Training commands, registered into the ``grooming-risk`` CLI through entry points.

``service`` never imports ``training``; pyproject's ``grooming_risk.commands`` entry
points let these commands plug in when the package is installed.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "default"


def register_synth(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """``grooming-risk synth``: write a synthetic corpus."""
    p = sub.add_parser("synth", help="generate a synthetic labelled corpus (JSONL)")
    p.add_argument("--n", type=int, required=True, help="number of conversations")
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--bank", choices=("a", "b", "families"), default="a",
                   help="phrase bank a or b, or the scenario-family corpus (which also writes "
                   "OUT_meta.jsonl: category and scenario per conversation)")
    p.add_argument("--positive-share", type=float, default=0.35)
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(func=_synth)


def _synth(args: argparse.Namespace) -> int:
    from training import synth
    from training.evaluate import meta_path_for

    if args.bank == "families":
        from training import families

        records = families.generate(args.n, seed=args.seed, positive_share=args.positive_share)
        families.write_meta(records, meta_path_for(args.out))
    else:
        records = _bank_records(args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    synth.write_jsonl(records, args.out)
    meta = {"bank": args.bank, "n": args.n, "seed": args.seed,
            "positive_share": args.positive_share, "tool": "grooming-risk synth"}
    Path(str(args.out) + ".meta.json").write_text(json.dumps(meta, indent=2) + "\n",
                                                  encoding="utf-8")
    print(json.dumps({"out": str(args.out), **meta}))
    return 0


def _bank_records(args: argparse.Namespace) -> list[dict[str, object]]:
    from tqdm import tqdm

    from training import synth

    records = []
    step = 200
    with tqdm(total=args.n, desc=f"synth bank {args.bank}", unit="conv") as bar:
        for start in range(0, args.n, step):
            n = min(step, args.n - start)
            chunk = synth.generate(n, seed=args.seed * 1_000_003 + start, bank=args.bank,
                                   positive_share=args.positive_share)
            records.extend(chunk)
            bar.update(n)
    return records


def register_train(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """``grooming-risk train``: fit and export a model folder."""
    p = sub.add_parser("train", help="train, calibrate and export a model (needs [train])")
    p.add_argument("--data", type=Path, nargs="+", required=True,
                   help="training JSONL files (a FILE_meta.jsonl beside one names its "
                   "scenario families)")
    p.add_argument("--calibration", type=Path, help="JSONL from another source, for the "
                   "threshold and calibration (default: leave-family-out cross-fitting)")
    p.add_argument("--report", type=Path, action="append", default=[],
                   help="evaluation-only JSONL shown on the model card (repeatable; never "
                   "trained on and never used to choose anything)")
    p.add_argument("--prefix-every", type=int, default=5,
                   help="choose the threshold for rescoring every N messages")
    p.add_argument("--train-on-prefixes", action="store_true",
                   help="also learn from every N-message prefix (a positive's only once it "
                   "holds the first warning sign), as platforms rescore growing chats")
    p.add_argument("--max-features", type=int,
                   help="keep at most this many n-grams per block (bounds serving cost)")
    p.add_argument("--max-fpr", type=float, default=1.0,
                   help="cross-fitting: also keep the share of out-of-family negatives flagged "
                   "at any prefix at or below this")
    p.add_argument("--folds", type=int, default=2,
                   help="leave-family-out folds (each model sees (K-1)/K of the families)")
    p.add_argument("--c-grid", type=float, nargs="+",
                   help="regularisation strengths to choose from (default: 3 10 30)")
    p.add_argument("--test", type=Path, help="held-out JSONL for the reported metrics")
    p.add_argument("--out", type=Path, required=True, help="model folder to write")
    p.add_argument("--version", help="model version (default: folder name)")
    p.add_argument("--target-precision", type=float, default=0.95)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--min-df", type=int, default=3)
    p.set_defaults(func=_train)


def _train(args: argparse.Namespace) -> int:
    from training.train import TrainConfig, train

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    manifest = train(TrainConfig(
        data=tuple(args.data), calibration=args.calibration, test=args.test, out=args.out,
        version=args.version or args.out.name, target_precision=args.target_precision,
        seed=args.seed, min_df=args.min_df, prefix_every=args.prefix_every,
        reports=tuple(args.report), train_on_prefixes=args.train_on_prefixes, folds=args.folds,
        max_features=args.max_features, max_fpr=args.max_fpr,
        **({"c_grid": tuple(args.c_grid)} if args.c_grid else {}),
    ))
    print(json.dumps({"model_version": manifest["model_version"],
                      "threshold": manifest["threshold"], "metrics": manifest["metrics"]},
                     indent=2))
    return 0


def register_evaluate(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """``grooming-risk evaluate``: metrics of a model on labelled JSONL, via the service path."""
    p = sub.add_parser("evaluate", help="evaluate a model on labelled JSONL")
    p.add_argument("--data", type=Path, required=True)
    p.add_argument("--model", type=Path, default=DEFAULT_MODEL_DIR)
    p.add_argument("--meta", type=Path, help="per-conversation category/scenario JSONL "
                   "(default: DATA_meta.jsonl beside --data, when it exists)")
    p.add_argument("--threshold", type=float, help="override the model's threshold")
    p.add_argument("--prefixes", type=int, metavar="K",
                   help="also rescore every K-message prefix, as a platform would")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=_evaluate)


def _evaluate(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from service.scoring.engine import RiskScorer
    from service.scoring.jsonl import load_conversations
    from service.scoring.model import ScoringModel
    from service.scoring.policy import PolicyGate
    from training.evaluate import evaluate, evaluate_prefixes, meta_for

    report = load_conversations(args.data)
    for err in report.skipped:
        print(f"skipped {err}", file=sys.stderr)
    meta = meta_for(args.data, args.meta)
    model = ScoringModel.load(args.model)
    scorer = RiskScorer(model, PolicyGate(), threshold=args.threshold)
    quiet = args.json and not sys.stderr.isatty()
    convs = report.conversations
    with tqdm(total=len(convs), desc="evaluate", unit="conv", disable=quiet) as bar:
        result = evaluate(scorer, convs, progress=bar.update, meta=meta)
    summary = result.summary()
    summary["skipped_lines"] = len(report.skipped)
    summary["intervals"] = {k: [round(lo, 4), round(hi, 4)]
                            for k, (lo, hi) in result.intervals().items()}
    summary["per_category"] = result.per_category("category")
    summary["per_scenario"] = result.per_category("scenario")
    if args.prefixes:
        with tqdm(total=len(convs), desc="prefixes", unit="conv", disable=quiet) as bar:
            prefixes = evaluate_prefixes(scorer, convs, args.prefixes, progress=bar.update)
        summary["prefixes"] = prefixes.summary()
    if args.json:
        print(json.dumps(summary))
        return 0
    tables = ("per_category", "per_scenario", "intervals", "precision_at_prevalence",
              "prefixes")
    for key, value in summary.items():
        if key not in tables:
            print(f"{key:>20}: {value}")
    print("\n95% bootstrap intervals:")
    for key, (lo, hi) in summary["intervals"].items():
        print(f"  {key:>10}: [{lo:.3f}, {hi:.3f}]")
    print("\nprecision at realistic prevalence (point; pessimistic 95% end):")
    for prevalence, value in summary["precision_at_prevalence"].items():
        point, low = value["precision"], value["precision_low"]
        print(f"  {float(prevalence):>7.2%}: {point:.3f}; {low:.3f}")
    for key in ("per_category", "per_scenario"):
        print(f"\n{key.replace('_', ' ')}:")
        for cat, r in summary[key].items():
            lo, hi = r["interval"]
            print(f"  {cat:>26}: n={r['n']:<5} {r['kind']}s={r['errors']:<4} "
                  f"rate={r['error_rate']:.3f} [{lo:.3f}, {hi:.3f}]")
    if "prefixes" in summary:
        print("\nrescoring every K messages:")
        for key, value in summary["prefixes"].items():
            print(f"  {key:>30}: {value}")
    return 0


def register_bench(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """``grooming-risk bench``: in-process core throughput, or load against a server."""
    p = sub.add_parser("bench", help="benchmark the scoring core or a running server")
    p.add_argument("--model", type=Path, default=DEFAULT_MODEL_DIR)
    p.add_argument("--target", help="HOST:PORT of a running server; the load comes from this "
                   "process (default: benchmark the core in process)")
    p.add_argument("--floor", action="store_true",
                   help="with --target: also measure a no-op gRPC server, started in its own "
                   "process, with the same client in the same run; report ours / floor")
    p.add_argument("--server-pid", type=int,
                   help="with --target: the server's PID, to read its CPU from /proc "
                   "(default: found from the listening port on loopback)")
    p.add_argument("--n", type=int, help="distinct conversations (default: 2000 in process, "
                   "1000 against a server)")
    p.add_argument("--batch", type=int, default=64, help="in-process batch size")
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--concurrency", type=int, default=8)
    p.add_argument("--connections", type=int, default=1,
                   help="with --target: TCP connections the unary tasks share (serve "
                        "--workers N spreads connections, not calls, across its workers)")
    p.add_argument("--duration", type=float, default=10.0, help="unary load seconds")
    p.add_argument("--warmup", type=float, default=1.0, help="unary warm-up seconds")
    p.add_argument("--rounds", type=int, default=5,
                   help="with --target: split the unary load into this many windows that "
                        "alternate between ours and the floor (the shared machine's load "
                        "drifts; alternating puts the drift on both sides of the ratio)")
    p.add_argument("--bulk", type=int, default=20000, help="conversations in the bulk stream")
    p.add_argument("--positive-share", type=float, help="share of grooming conversations")
    p.add_argument("--token", help="bearer token for an authenticated server")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--out", type=Path, help="also write the JSON result to this file")
    p.set_defaults(func=_bench)


RESULTS_DIR = Path(__file__).resolve().parent.parent / "benchmarks" / "results"


def _bench(args: argparse.Namespace) -> int:
    import os
    import time

    if args.floor and not args.target:
        print("bench: --floor needs --target HOST:PORT", file=sys.stderr)
        return 2
    if args.target:
        from training import loadgen

        result = loadgen.bench_server(
            args.target, args.concurrency, args.duration, args.bulk,
            n=1000 if args.n is None else args.n,
            positive_share=0.02 if args.positive_share is None else args.positive_share,
            token=args.token, floor=args.floor, server_pid=args.server_pid,
            warmup=args.warmup, connections=args.connections, rounds=args.rounds)
    else:
        from training import bench

        result = bench.bench_core(
            args.model, 2000 if args.n is None else args.n, args.batch, args.repeats,
            positive_share=0.35 if args.positive_share is None else args.positive_share)
    text = json.dumps(result, indent=None if args.json else 2)
    outs = [args.out] if args.out else []
    if os.environ.get("GROOMING_RISK_WRITE_RESULTS") == "1":  # as the tests record figures
        kind = "server" if args.target else "in-process"
        outs.append(RESULTS_DIR / f"{time.strftime('%Y-%m-%d')}-{kind}.json")
    for out in outs:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(text)
    return 0


def register_import_pan2012(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """``grooming-risk import-pan2012``: convert the PAN-2012 corpus to our JSONL."""
    p = sub.add_parser("import-pan2012", help="convert PAN-2012 XML + predator list to JSONL")
    p.add_argument("--xml", type=Path, required=True, help="PAN-2012 conversations XML")
    p.add_argument("--predators", type=Path, required=True, help="predator author ids file")
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(func=_import_pan2012)


def _import_pan2012(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from training.pan2012 import convert

    report = convert(args.xml, args.predators, args.out)
    print(json.dumps({"out": str(args.out), **asdict(report)}))
    return 0
