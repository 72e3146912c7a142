"""deploy/kubernetes/: valid against the Kubernetes schemas (offline, kubernetes-validate),
locked down, probed through native gRPC health, and wired to each other."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import grpc
import pytest

from service.cli import build_parser
from service.errors import ConfigurationError
from service.server import REVIEW, SCORING, build_server
from tests.conftest import StartServer, server_settings
from tests.deploy.files import KUBERNETES, dockerfile, kind, kubernetes, pod_templates
from tests.server.helpers import positive

kubernetes_validate = pytest.importorskip(
    "kubernetes_validate", reason="kubernetes-validate is not installed (the dev extra)")

#: Native gRPC probes are GA from 1.27; the newest schema the validator ships is checked too.
VERSIONS = ("1.27.0", kubernetes_validate.latest_version())
NAMESPACE = "grooming-risk"
KINDS = {"Namespace", "ServiceAccount", "Secret", "Deployment", "Service",
         "PodDisruptionBudget", "HorizontalPodAutoscaler", "NetworkPolicy", "Job"}


@pytest.mark.parametrize("version", VERSIONS)
def test_every_manifest_is_valid_against_the_kubernetes_schema(version: str) -> None:
    docs = kubernetes()
    assert {doc["kind"] for _, doc in docs} == KINDS
    for path, doc in docs:
        try:
            kubernetes_validate.validate(doc, version, strict=True)
        except kubernetes_validate.ValidationError as err:
            raise AssertionError(f"{path.name}: {doc['kind']} {doc['metadata']['name']}: "
                                 f"{err.message} at {'.'.join(map(str, err.path))}") from None


def test_the_validator_rejects_a_misspelled_field() -> None:
    deployment = kind("Deployment")[0]
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    broken = {**container, "securityContext": {"readOnlyRootFilesytem": True}}
    spec = {**deployment["spec"], "template": {**deployment["spec"]["template"], "spec": {
        **deployment["spec"]["template"]["spec"], "containers": [broken]}}}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate({**deployment, "spec": spec}, VERSIONS[-1], strict=True)


def test_everything_lives_in_the_namespace() -> None:
    for path, doc in kubernetes():
        if doc["kind"] == "Namespace":
            assert doc["metadata"]["name"] == NAMESPACE
            assert doc["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == (
                "restricted")
        else:
            assert doc["metadata"]["namespace"] == NAMESPACE, path.name


def _image_uid() -> int:
    args = [i.args for i in dockerfile() if i.keyword == "ARG" and i.args.startswith("UID=")]
    return int(args[0].split("=", 1)[1])


@pytest.mark.parametrize("workload", [name for name, _ in pod_templates()])
def test_pods_run_locked_down(workload: str) -> None:
    pod = dict(pod_templates())[workload]
    pod_security = pod["securityContext"]
    assert pod["automountServiceAccountToken"] is False
    assert pod_security["runAsNonRoot"] is True
    assert pod_security["runAsUser"] == _image_uid() and pod_security["runAsGroup"] != 0
    volumes = {v["name"]: v for v in pod["volumes"]}
    for container in pod["containers"]:
        security = container["securityContext"]
        assert security["allowPrivilegeEscalation"] is False, container["name"]
        assert security["readOnlyRootFilesystem"] is True, container["name"]
        assert security["capabilities"] == {"drop": ["ALL"]}, container["name"]
        assert security.get("runAsNonRoot", pod_security["runAsNonRoot"]) is True
        assert security.get("privileged", False) is False
        seccomp = security.get("seccompProfile", pod_security.get("seccompProfile"))
        assert seccomp == {"type": "RuntimeDefault"}, container["name"]
        assert security["seccompProfile"] == pod_security["seccompProfile"]
        assert "/tmp" in {m["mountPath"] for m in container["volumeMounts"]}
        for mount in container["volumeMounts"]:
            volume = volumes[mount["name"]]
            # The root filesystem is read-only; a writable path must be an emptyDir.
            assert mount.get("readOnly") is True or "emptyDir" in volume, mount
            if "emptyDir" in volume:
                assert volume["emptyDir"].get("sizeLimit"), "a bounded scratch volume"
        assert container["resources"]["limits"]["memory"]
        assert container["image"].endswith(":0.1.0"), "a pinned image, never :latest"


def _server() -> tuple[dict[str, Any], dict[str, Any]]:
    deployments = kind("Deployment")
    assert len(deployments) == 1
    pod = deployments[0]["spec"]["template"]["spec"]
    assert len(pod["containers"]) == 1
    return deployments[0], pod["containers"][0]


def _env(container: dict[str, Any]) -> dict[str, Any]:
    return {e["name"]: e.get("value", e.get("valueFrom")) for e in container["env"]}


def test_probes_are_native_grpc_health_on_the_plaintext_health_port() -> None:
    _, container = _server()
    env = _env(container)
    health_port = int(env["GROOMING_RISK_HEALTH_PORT"])
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert ports == {"grpc": int(env["GROOMING_RISK_PORT"]), "health": health_port,
                     "metrics": int(env["GROOMING_RISK_METRICS_PORT"])}
    probes = {name: container[name] for name in ("startupProbe", "readinessProbe",
                                                 "livenessProbe")}
    for name, probe in probes.items():
        assert set(probe) & {"grpc", "exec", "httpGet", "tcpSocket"} == {"grpc"}, name
        assert probe["grpc"]["port"] == health_port, name
    # Ready only while this replica may score; alive while it answers at all.
    assert probes["readinessProbe"]["grpc"]["service"] == SCORING
    assert probes["livenessProbe"]["grpc"]["service"] == REVIEW
    assert probes["startupProbe"]["grpc"]["service"] == REVIEW
    # TLS stays on the main port: the probe port is the only plaintext one.
    assert env["GROOMING_RISK_TLS_CERT"] and env["GROOMING_RISK_TLS_KEY"]
    assert "GROOMING_RISK_INSECURE" not in env


def test_shutdown_fits_the_termination_grace_period() -> None:
    deployment, container = _server()
    env = _env(container)
    needed = (float(env["GROOMING_RISK_SHUTDOWN_DELAY_S"])
              + float(env["GROOMING_RISK_GRACE_PERIOD_S"]) + 5.0)  # + App.stop's wait slack
    assert deployment["spec"]["template"]["spec"]["terminationGracePeriodSeconds"] >= needed
    assert deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0


def test_objects_reference_what_exists() -> None:
    deployment, container = _server()
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    port_names = {p["name"]: p["containerPort"] for p in container["ports"]}
    services = kind("Service")
    assert {s["metadata"]["name"] for s in services} == {"grooming-risk", "grooming-risk-review"}
    for service in services:
        assert service["spec"]["selector"].items() <= labels.items()
        assert service["spec"]["clusterIP"] == "None"  # clients balance per call
        for port in service["spec"]["ports"]:
            assert port["targetPort"] in port_names
            assert port["port"] == port_names[port["targetPort"]]
    review = next(s for s in services if s["metadata"]["name"] == "grooming-risk-review")
    assert review["spec"]["publishNotReadyAddresses"] is True
    pdb = kind("PodDisruptionBudget")[0]
    assert pdb["spec"]["selector"]["matchLabels"].items() <= labels.items()
    hpa = kind("HorizontalPodAutoscaler")[0]
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment",
                                             "name": deployment["metadata"]["name"]}
    assert hpa["spec"]["minReplicas"] >= 2 and "cpu" in str(hpa["spec"]["metrics"])
    assert container["resources"]["requests"]["cpu"], "HPA utilisation needs a CPU request"

    policy = kind("NetworkPolicy")[0]
    assert policy["spec"]["policyTypes"] == ["Ingress", "Egress"]
    assert policy["spec"]["podSelector"]["matchLabels"].items() <= labels.items()
    allowed_in = {p["port"] for rule in policy["spec"]["ingress"] for p in rule["ports"]}
    assert allowed_in == {port_names["grpc"], port_names["metrics"]}
    allowed_out = {p["port"] for rule in policy["spec"]["egress"] for p in rule["ports"]}
    assert allowed_out == {5432, 53}

    secrets = {s["metadata"]["name"]: s for s in kind("Secret")}
    assert set(secrets) == {"grooming-risk-tls", "grooming-risk-credentials",
                            "grooming-risk-database"}
    for _, pod in pod_templates():
        volumes = {v["name"]: v for v in pod.get("volumes", [])}
        for c in pod["containers"]:
            for e in c["env"]:
                ref = e.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    assert ref["key"] in secrets[ref["name"]]["stringData"], ref
            mounts = {m["mountPath"]: volumes[m["name"]] for m in c["volumeMounts"]}
            for value in _env(c).values():
                if isinstance(value, str) and value.startswith("/etc/grooming-risk/"):
                    # A file a setting names comes from a mounted Secret that has its key.
                    directory, key = value.rsplit("/", 1)
                    secret = mounts[directory]["secret"]["secretName"]
                    assert key in secrets[secret]["stringData"], value


def test_the_migration_job_runs_db_upgrade_and_replicas_do_not_migrate() -> None:
    jobs = kind("Job")
    assert len(jobs) == 1
    job = jobs[0]["spec"]["template"]["spec"]
    assert job["restartPolicy"] == "Never"
    argv = job["containers"][0]["args"]
    args = build_parser().parse_args(argv)
    assert (args.command, args.db_command) == ("db", "upgrade")
    job_env = _env(job["containers"][0])
    _, container = _server()
    assert job_env["GROOMING_RISK_DATABASE_URL"] == _env(container)["GROOMING_RISK_DATABASE_URL"]
    assert _env(container)["GROOMING_RISK_MIGRATE_ON_START"] == "false"
    assert job["containers"][0]["image"] == container["image"]


def test_manifest_files_are_the_documented_set() -> None:
    names = {p.name for p in Path(KUBERNETES).glob("*.yaml")}
    assert names == {"namespace.yaml", "serviceaccount.yaml", "secrets.yaml", "deployment.yaml",
                     "service.yaml", "poddisruptionbudget.yaml", "horizontalpodautoscaler.yaml",
                     "networkpolicy.yaml", "migration-job.yaml"}


def test_secret_placeholders_fail_safe(tmp_path: Path, start_server: StartServer) -> None:
    secrets = {s["metadata"]["name"]: s["stringData"] for s in kind("Secret")}
    tls = secrets["grooming-risk-tls"]
    for key, value in tls.items():
        (tmp_path / key).write_text(value, encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"tls_key .* is not a PEM"):
        build_server(server_settings(tmp_path / "data", tls_cert=tmp_path / "tls.crt",
                                     tls_key=tmp_path / "tls.key",
                                     tls_client_ca=tmp_path / "ca.crt"))

    creds = tmp_path / "credentials.json"
    creds.write_text(secrets["grooming-risk-credentials"]["credentials.json"], encoding="utf-8")
    server = start_server(credentials_file=creds)
    with pytest.raises(grpc.RpcError) as info:
        server.scoring.ScoreConversation(positive(), timeout=10)
    assert info.value.code() == grpc.StatusCode.UNAUTHENTICATED

    assert ":REPLACE@" in secrets["grooming-risk-database"]["url"]
