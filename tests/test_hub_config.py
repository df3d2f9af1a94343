"""The Zero to JupyterHub config.yaml that TEACHING.md gives a teacher: parsed and checked.

The chart (jupyterhub/zero-to-jupyterhub-k8s, values.schema.yaml) rejects unknown keys in the
sections used here and wants particular types; a typo would only show up when the teacher runs
`helm upgrade`. These tests check the keys against a list copied by hand from that schema (the
schema itself is not vendored here), the types the chart wants, the login (a shared password with
a separate admin password), JupyterLab's news and update checks (off), the graded-weeks switch
MATHLIB_HIDE_SOLUTIONS, and that the memory figures cover what `make bench` measured. The YAML
lives in etc/z2jh-config.yaml and, word for word, in TEACHING.md.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml

from tools.hub_bench import TARGET_KERNEL_MB

from tools.nbkernel import ROOT

CONFIG = ROOT / "etc" / "z2jh-config.yaml"
TEACHING = ROOT / "TEACHING.md"
SERVER_MB = 90.0  # a student's Jupyter server alone (TEACHING.md section 2.3)

# The keys that the chart's values.schema.yaml allows (additionalProperties: false) in the
# sections this config uses.
TOP = {"enabled", "fullnameOverride", "nameOverride", "imagePullSecret", "imagePullSecrets", "hub",
       "proxy", "singleuser", "scheduling", "ingress", "prePuller", "custom", "cull", "debug",
       "rbac", "global"}
HUB = {"revisionHistoryLimit", "config", "extraFiles", "baseUrl", "command", "args", "cookieSecret",
       "concurrentSpawnLimit", "consecutiveFailureLimit", "activeServerLimit", "db", "labels",
       "annotations", "deploymentStrategy", "extraConfig", "extraEnv", "extraContainers",
       "extraVolumes", "extraVolumeMounts", "fsGid", "image", "initContainers", "livenessProbe",
       "readinessProbe", "loadRoles", "namedServerLimitPerUser", "networkPolicy", "nodeSelector",
       "tolerations", "pdb", "redirectToServer", "resources", "service", "serviceAccount",
       "services", "shutdownOnLogout", "templatePaths", "templateVars", "allowNamedServers",
       "authenticatePrometheus", "containerSecurityContext", "podSecurityContext", "extraPodSpec",
       "existingSecret", "lifecycle", "apiPort"}
SINGLEUSER = {"networkPolicy", "podNameTemplate", "cpu", "memory", "image", "initContainers",
              "profileList", "extraFiles", "extraEnv", "nodeSelector", "extraTolerations",
              "extraNodeAffinity", "extraPodAffinity", "extraPodAntiAffinity", "cloudMetadata",
              "cmd", "defaultUrl", "events", "extraAnnotations", "extraContainers", "extraLabels",
              "extraPodConfig", "extraResource", "fsGid", "lifecycleHooks", "networkTools",
              "serviceAccountName", "startTimeout", "storage", "allowPrivilegeEscalation", "uid"}
IMAGE = {"name", "tag", "pullPolicy", "pullSecrets"}
RESOURCE = {"limit", "guarantee"}
LIFECYCLE = {"postStart", "preStop"}
EXTRA_FILE = {"mountPath", "data", "stringData", "binaryData", "mode"}
STORAGE = {"capacity", "dynamic", "extraLabels", "extraVolumeMounts", "extraVolumes",
           "homeMountPath", "static", "type"}
CULL = {"enabled", "users", "adminUsers", "removeNamedServers", "timeout", "every", "concurrency",
        "maxAge"}

QUANTITY = re.compile(r"^(\d+(?:\.\d+)?)(M|G|Mi|Gi)$")
BYTES = {"M": 1e6, "G": 1e9, "Mi": 2 ** 20, "Gi": 2 ** 30}


def teaching_yaml() -> str:
    """The ```yaml block of TEACHING.md that starts with the config file's first line."""
    first = CONFIG.read_text().splitlines()[0]
    for block in re.findall(r"```yaml\n(.*?)```", TEACHING.read_text(), flags=re.S):
        if block.splitlines()[0] == first:
            return block
    raise AssertionError(f"TEACHING.md has no ```yaml block starting with {first!r}")


@pytest.fixture(scope="module")
def config() -> dict:
    return yaml.safe_load(CONFIG.read_text())


def megabytes(quantity) -> float:
    """A Kubernetes memory quantity written as the chart's docs do ("320M", "1G") in MiB."""
    assert isinstance(quantity, str), f"write memory as a string like '512M', not {quantity!r}"
    match = QUANTITY.match(quantity)
    assert match, f"{quantity!r} is not a memory quantity like '512M' or '1G'"
    return float(match[1]) * BYTES[match[2]] / 2 ** 20


def measured_kernel_mb() -> float:
    """The largest kernel of `make bench`'s hub run if it has run here, else the 200 MB budget."""
    bench = ROOT / "build" / "bench.json"
    hub = json.loads(bench.read_text()).get("hub") if bench.is_file() else None
    return max(TARGET_KERNEL_MB, hub["max_kernel_peak_rss_mb"] if hub else 0.0)


def unknown(keys, allowed) -> list:
    return sorted(set(keys) - allowed)


def test_teaching_gives_the_same_config_word_for_word():
    assert teaching_yaml() == CONFIG.read_text()


def test_only_keys_the_chart_knows(config):
    assert not unknown(config, TOP)
    assert not unknown(config["hub"], HUB)
    single = config["singleuser"]
    assert not unknown(single, SINGLEUSER)
    assert not unknown(single["image"], IMAGE)
    assert not unknown(single["memory"], RESOURCE) and not unknown(single["cpu"], RESOURCE)
    assert not unknown(single["lifecycleHooks"], LIFECYCLE)
    assert not unknown(single["storage"], STORAGE)
    assert not unknown(config["cull"], CULL)
    for name, extra in single["extraFiles"].items():
        assert not unknown(extra, EXTRA_FILE), name
        assert extra["mountPath"].startswith("/"), "mountPath is an absolute file path"
        # the chart's schema: mountPath required, exactly one of data/stringData/binaryData
        assert len({"data", "stringData", "binaryData"} & set(extra)) == 1, name
        assert isinstance(extra.get("data", {}), dict) and isinstance(extra.get("mode", 0), int)


def test_the_image_is_named_and_tagged_with_strings(config):
    image = config["singleuser"]["image"]
    assert isinstance(image["name"], str) and "/" in image["name"] and ":" not in image["name"]
    assert isinstance(image["tag"], str), "quote the tag: an unquoted 2026-01-05 is a date"


def test_memory_covers_the_measured_kernels(config):
    memory = config["singleuser"]["memory"]
    guarantee, limit = megabytes(memory["guarantee"]), megabytes(memory["limit"])
    kernel = measured_kernel_mb()
    assert guarantee <= limit
    assert guarantee >= SERVER_MB + TARGET_KERNEL_MB, "the server and one kernel at the budget"
    assert limit >= kernel and limit >= SERVER_MB + 2 * kernel, \
        "the limit leaves room for the server and two open notebooks"


def test_cpu_is_a_number_of_cores(config):
    cpu = config["singleuser"]["cpu"]
    for value in cpu.values():
        assert isinstance(value, (int, float)) and not isinstance(value, bool), value
    assert 0 < cpu["guarantee"] <= cpu["limit"]


def test_idle_culler(config):
    cull = config["cull"]
    assert cull["enabled"] is True
    for key in ("timeout", "every"):
        assert type(cull[key]) is int and cull[key] > 0, f"cull.{key} is a whole number of seconds"
    assert cull["every"] < cull["timeout"]
    assert cull["timeout"] >= 1800, "a lesson's quiet spells must not stop students' servers"


def test_nbgitpuller_gives_students_the_course(config):
    single = config["singleuser"]
    command = single["lifecycleHooks"]["postStart"]["exec"]["command"]
    assert isinstance(command, list) and all(isinstance(part, str) for part in command)
    line = command[-1].split()
    assert line[0] == "gitpuller", "nbgitpuller's command: gitpuller URL BRANCH FOLDER"
    url, branch, folder = line[1:4]
    assert not url.endswith(".git"), "without .git, as in the links (TEACHING.md)"
    assert branch == "TERM-BRANCH", "the term's branch (a tag cannot be updated by nbgitpuller)"
    assert folder.strip('"') == "$HOME/course"
    names = {line.split("==")[0].lower() for line in (ROOT / "requirements.txt").read_text()
             .splitlines() if "==" in line and not line.lstrip().startswith("#")}
    assert "nbgitpuller" in names, "the image needs nbgitpuller: it is built from requirements.txt"
    url = single["defaultUrl"]
    assert isinstance(url, str) and url.startswith("/lab/tree/course/")
    assert (ROOT / url.removeprefix("/lab/tree/course/")).is_file(), url


def test_the_image_is_built_by_repo2docker_from_this_repository():
    text = CONFIG.read_text()
    assert "repo2docker" in text and "--target-repo-dir /srv/course" in text
    assert (ROOT / "runtime.txt").read_text().strip() == "python-3.11"
    assert (ROOT / "requirements.txt").is_file()


def test_hub_config_names_classes_and_an_authenticator(config):
    hub_config = config["hub"]["config"]
    for section, values in hub_config.items():
        assert re.fullmatch(r"[A-Z][A-Za-z]+", section) and isinstance(values, dict), section
    assert isinstance(hub_config["JupyterHub"]["authenticator_class"], str)


def test_a_shared_password_for_students_and_a_separate_one_for_the_teacher(config):
    hub_config = config["hub"]["config"]
    assert hub_config["JupyterHub"]["authenticator_class"] == "shared-password"
    assert "DummyAuthenticator" not in hub_config, "DummyAuthenticator.password is deprecated"
    shared = hub_config["SharedPasswordAuthenticator"]
    assert set(shared) == {"user_password", "admin_password"}
    assert len(shared["user_password"]) >= 8, "JupyterHub refuses a students' password under 8"
    assert len(shared["admin_password"]) >= 32, "JupyterHub refuses an admin password under 32"
    assert shared["admin_password"] != shared["user_password"]
    assert hub_config["Authenticator"]["admin_users"] == ["TEACHER-USERNAME"]


def test_no_jupyter_news_and_no_update_checks(config):
    args = config["hub"]["config"]["KubeSpawner"]["args"]
    assert "--LabApp.news_url=None" in args
    assert "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate" in args
    files = config["singleuser"]["extraFiles"]
    lab = files["lab-no-news"]
    assert lab["mountPath"] == "/etc/jupyter/labconfig/default_setting_overrides.json"
    assert lab["data"] == json.loads((ROOT / "etc" / "lab" / "overrides.d" / "mathlib.json")
                                     .read_text()), "the same settings as make lab and the wheel"
    makefile = (ROOT / "Makefile").read_text()
    lab_recipe = makefile.split("\nlab:", 1)[1].split("\n\n", 1)[0]
    assert all(arg in lab_recipe for arg in args), "make lab turns them off the same way"


def test_the_graded_weeks_switch_is_in_the_config(config):
    env = config["singleuser"]["extraEnv"]
    assert env["MATHLIB_HIDE_SOLUTIONS"] in ("0", "1"), "a string: the chart wants text values"


def test_the_hub_runs_blas_on_one_thread_as_make_does(config):
    assert config["singleuser"]["extraEnv"]["OPENBLAS_NUM_THREADS"] == "1"
    assert "OPENBLAS_NUM_THREADS ?= 1" in (ROOT / "Makefile").read_text()
