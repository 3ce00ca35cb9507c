# The two commands a new engineer needs: `make demo` and `make test`.
# Everything installs from this repository's files into .venv; nothing is global.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := $(CURDIR)/.venv
BIN := $(VENV)/bin
WORK := $(CURDIR)/.tmp
COLLECTIONS := $(WORK)/collections
COPY := $(COLLECTIONS)/ansible_collections/secretsmanager/replication
STANDIN_PORT ?= 4569
STANDIN_PACKAGE := PYTHONPATH=$(CURDIR)/tests/standin
STANDIN := $(STANDIN_PACKAGE) $(BIN)/python -m standin
STANDIN_URL := http://127.0.0.1:$(STANDIN_PORT)
TARGETS ?=
# The stand-in's dummy credentials and Region, exported to every recipe, from their one definition in
# tests/standin/standin/__init__.py. They replace any AWS settings in your shell, so real keys never reach a test.
STANDIN_ENV := $(shell $(STANDIN_PACKAGE) $(PYTHON) -m standin env)
ifeq ($(STANDIN_ENV),)
$(error `python -m standin env` printed nothing; run it to see why)
endif
$(foreach assignment,$(STANDIN_ENV),$(eval export $(assignment)))
export ANSIBLE_COLLECTIONS_PATH := $(COLLECTIONS)
export ANSIBLE_LOCALHOST_WARNING := false
export ANSIBLE_INVENTORY_UNPARSED_WARNING := false

.PHONY: ee help demo test lint sanity units integration reliability eda changelog-lint docs-check collection venv standin-start standin-stop bench clean packaging test-compat compat-venv rulebook-venv eda-java
.PHONY: dist galaxy-files importer-venv release-check

help:
	@echo "make demo   run the main job against the local AWS stand-in"
	@echo "make test   lint, sanity, unit and integration tests (TARGETS=name for one integration target)"
	@echo "make bench  benchmarks (on demand; not part of make test)"
	@echo "make galaxy-files   re-pin the Galaxy tarball's file list after adding or removing a shipped file"
	@echo "make release-check  galaxy-importer, docs lint, the tarball's files; its size and file count"
	@echo "make test-compat  sanity and unit tests on the oldest supported ansible-core, amazon.aws and boto3"

venv: $(VENV)/.installed
$(VENV)/.installed: tests/requirements-dev.txt requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r tests/requirements-dev.txt
	touch $@

# ansible-test needs the collection under ansible_collections/<namespace>/<name>, and
# its dependency amazon.aws beside it (taken from the `ansible` package in .venv).
AMAZON_AWS := $(COLLECTIONS)/ansible_collections/amazon/aws
collection: venv
	@$(BIN)/python tests/utils/sync_collection.py $(CURDIR) $(COLLECTIONS) >/dev/null
	@test -d $(AMAZON_AWS) || { mkdir -p $(dir $(AMAZON_AWS)) && cp -r "$$($(BIN)/python -c 'import ansible_collections.amazon.aws as c; print(c.__path__[0])')" $(AMAZON_AWS); }
	@printf '%s\n' \
	  'standin_endpoint_url: "$(STANDIN_URL)"' \
	  'aws_access_key: "$(AWS_ACCESS_KEY_ID)"' \
	  'aws_secret_key: "$(AWS_SECRET_ACCESS_KEY)"' \
	  'aws_region: "$(AWS_REGION)"' > $(COPY)/tests/integration/integration_config.yml

standin-start: venv
	@mkdir -p $(WORK)
	@$(STANDIN) start --port $(STANDIN_PORT) --pidfile $(WORK)/standin-$(STANDIN_PORT).pid --logfile $(WORK)/standin-$(STANDIN_PORT).log

standin-stop:
	@$(STANDIN) stop --pidfile $(WORK)/standin-$(STANDIN_PORT).pid || true

# Every suite writes JUnit XML to $(RESULTS)/<suite>/ (pytest and ansible-test sanity themselves; ansible-lint,
# antsibull-changelog and ansible-test integration through tests/utils/write_junit.py). `make test` runs every
# suite even when one fails, keeps each one's output in .tmp/test-logs/ and its exit status beside its results,
# and closes with the counts tests/utils/test_summary.py reads from the XML; it fails when any suite failed.
RESULTS := $(WORK)/test-results
WRITE_JUNIT := $(BIN)/python $(CURDIR)/tests/utils/write_junit.py
TEST_SUITES := lint sanity units integration reliability eda changelog-lint packaging
TEST_LOGS := $(WORK)/test-logs
test: venv
	@rm -rf $(TEST_LOGS) $(RESULTS) && mkdir -p $(TEST_LOGS) $(RESULTS)
	@for suite in $(TEST_SUITES); do \
	  status=0; $(MAKE) --no-print-directory $$suite 2>&1 | tee $(TEST_LOGS)/$$suite.log || status=$$?; \
	  echo $$status > $(RESULTS)/$$suite.exit; \
	done
	@$(BIN)/python tests/utils/test_summary.py $(RESULTS) $(TEST_SUITES) || \
	  { echo "Each suite's output is in $(TEST_LOGS)/<suite>.log, its JUnit XML in $(RESULTS)/<suite>/"; exit 1; }

lint: collection
	@echo "== ansible-lint (production profile)"
	@rm -rf $(RESULTS)/lint && mkdir -p $(RESULTS)/lint
	@cd $(COPY); status=0; \
	  $(BIN)/ansible-lint --offline --nocolor --sarif-file $(RESULTS)/lint/ansible-lint.sarif 2>&1 | tee $(RESULTS)/lint/output.log || status=$$?; \
	  $(WRITE_JUNIT) ansible-lint $(RESULTS)/lint/ansible-lint.sarif $(RESULTS)/lint/output.log $(RESULTS)/lint/ansible-lint.xml; exit $$status

# ansible-test bootstraps pip in each venv it makes from a downloaded get-pip script.
# Offline (or behind a proxy) that download fails; a cached script wins, so ours is put
# in the cache only when no real one is there (tests/utils/get_pip_offline.py).
GET_PIP_CACHE := $(HOME)/.ansible/test/cache/get_pip_24_2.py
$(GET_PIP_CACHE):
	mkdir -p $(dir $@)
	cp tests/utils/get_pip_offline.py $@

# --junit: one JUnit file per sanity test in the copy's tests/output/junit, kept in $(RESULTS)/sanity.
sanity: collection $(GET_PIP_CACHE)
	@echo "== ansible-test sanity"
	@rm -rf $(COPY)/tests/output/junit $(RESULTS)/sanity && mkdir -p $(RESULTS)/sanity
	@cd $(COPY); status=0; $(BIN)/ansible-test sanity --venv --python 3.11 --color no --junit || status=$$?; \
	  cp tests/output/junit/*.xml $(RESULTS)/sanity/ 2>/dev/null || true; exit $$status

# Both runs happen even when the first fails, so the results show both.
units: collection
	@rm -rf $(RESULTS)/units && mkdir -p $(RESULTS)/units
	@echo "== unit tests (collection)"
	@cd $(COPY); status=0; \
	  PYTHONPATH=$(COLLECTIONS) $(BIN)/python -m pytest tests/unit -q -p no:cacheprovider --junitxml=$(RESULTS)/units/collection.xml || status=$$?; \
	  echo "== unit tests (AWS stand-in and test tools)"; \
	  PYTHONPATH=$(COPY)/tests/standin:$(COPY)/tests/utils $(BIN)/python -m pytest tests/standin/tests tests/utils/tests -q -p no:cacheprovider \
	    --junitxml=$(RESULTS)/units/harness.xml || status=$$?; \
	  exit $$status

# --continue-on-error: every target runs even after one fails. ansible-test's junit callback output and its
# record of the targets that passed (tests/output/data) become one JUnit file, a test per target.
integration: collection
	@echo "== ansible-test integration (against the local AWS stand-in)"
	@rm -rf $(COPY)/tests/output/junit $(COPY)/tests/output/data $(RESULTS)/integration && mkdir -p $(RESULTS)/integration
	@$(MAKE) --no-print-directory standin-start
	@trap '$(MAKE) --no-print-directory -C $(CURDIR) standin-stop' EXIT; \
	  cd $(COPY); status=0; $(BIN)/ansible-test integration --local --python 3.11 --color no --continue-on-error $(TARGETS) || status=$$?; \
	  $(WRITE_JUNIT) integration $(COPY)/tests/output $(COPY)/tests/integration/targets $(RESULTS)/integration/targets.xml; exit $$status

# Faults, least privilege, secret hygiene and bad input (tests/reliability), against stand-ins the suite
# starts itself: one per pytest-xdist worker, on RELIABILITY_PORT_BASE + worker number (4596, 4597).
reliability: collection
	@echo "== reliability and security suite (against the local AWS stand-in)"
	@rm -rf $(RESULTS)/reliability && mkdir -p $(RESULTS)/reliability
	cd $(COPY) && RELIABILITY_COLLECTIONS_PATH=$(COLLECTIONS) PYTHONPATH=$(COPY)/tests/reliability:$(COPY)/tests/standin \
	  $(BIN)/python -m pytest tests/reliability -q -p no:cacheprovider -n 2 --dist loadgroup --durations=10 \
	  --junitxml=$(RESULTS)/reliability/reliability.xml

# Event-Driven Ansible (tests/eda): the replication guard rulebook under a real ansible-rulebook, with Java 17, against a
# stand-in it starts on EDA_PORT_BASE (the guard's webhook on the next port). ansible-rulebook lives in a venv of its own,
# built from tests/eda/requirements.txt; Debian's openjdk-17-jre-headless is installed with apt-get where missing.
EDA_PORT_BASE ?= 4640
RULEBOOK_VENV := $(WORK)/venv-rulebook
EDA_JAVA_HOME ?= /usr/lib/jvm/java-17-openjdk-$(shell dpkg --print-architecture 2>/dev/null || echo amd64)
export EDA_JAVA_HOME
$(EDA_JAVA_HOME)/bin/java:
	@echo "== installing Debian's openjdk-17-jre-headless for ansible-rulebook's rule engine"
	apt-get install -y --no-install-recommends openjdk-17-jre-headless >/dev/null || { apt-get update >/dev/null && apt-get install -y --no-install-recommends openjdk-17-jre-headless >/dev/null; }

eda-java: $(EDA_JAVA_HOME)/bin/java

rulebook-venv: $(RULEBOOK_VENV)/.installed
$(RULEBOOK_VENV)/.installed: tests/eda/requirements.txt
	rm -rf $(RULEBOOK_VENV)
	$(PYTHON) -m venv $(RULEBOOK_VENV)
	$(RULEBOOK_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(RULEBOOK_VENV)/bin/python -m pip install --quiet -r tests/eda/requirements.txt
	touch $@

eda: collection rulebook-venv $(EDA_JAVA_HOME)/bin/java
	@echo "== Event-Driven Ansible: the replication guard under ansible-rulebook (against the local AWS stand-in)"
	@rm -rf $(RESULTS)/eda && mkdir -p $(RESULTS)/eda
	cd $(COPY) && RULEBOOK_BIN=$(RULEBOOK_VENV)/bin JAVA_HOME=$(EDA_JAVA_HOME) EDA_PORT_BASE=$(EDA_PORT_BASE) \
	  PYTHONPATH=$(COPY)/tests/eda:$(COPY)/tests/standin $(BIN)/python -m pytest tests/eda -q -p no:cacheprovider --durations=5 \
	  --junitxml=$(RESULTS)/eda/eda.xml

changelog-lint: venv
	@echo "== antsibull-changelog lint (the fragments) and lint-changelog-yaml (the released changelog)"
	@rm -rf $(RESULTS)/changelog-lint && mkdir -p $(RESULTS)/changelog-lint
	@status=0; $(BIN)/antsibull-changelog lint 2>&1 | tee $(RESULTS)/changelog-lint/output.log || status=$$?; \
	  $(BIN)/antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml 2>&1 | tee -a $(RESULTS)/changelog-lint/output.log || status=$$?; \
	  $(WRITE_JUNIT) changelog-lint changelogs/fragments changelogs/changelog.yaml $(RESULTS)/changelog-lint/output.log $$status $(RESULTS)/changelog-lint/fragments.xml; \
	  exit $$status

# The collection as users get it: the Galaxy tarball built from the ansible-test copy (build_ignore in
# galaxy.yml keeps development files and build and test leftovers out); tests/packaging installs that tarball and
# runs it (galaxy-importer, ansible-doc, ansible-playbook, ansible-builder, ansible-runner as AWX does, antsibull-docs lint).
DIST := $(WORK)/dist
dist: collection
	@rm -rf $(DIST) && mkdir -p $(DIST)
	$(BIN)/ansible-galaxy collection build $(COPY) --output-path $(DIST)

# The tarball's file list, pinned in tests/packaging/galaxy-files.txt (tests/packaging/test_galaxy_artifact.py):
# run this after adding, moving or removing a shipped file, review the diff and commit it.
galaxy-files: dist
	@$(BIN)/python tests/utils/galaxy_files.py write $(DIST) tests/packaging/galaxy-files.txt

# galaxy-importer (what Galaxy runs on every upload) in a venv of its own, from tests/requirements-importer.txt: it pins
# its own ansible-core and ansible-lint ranges. It points ansible-doc and ansible-lint at the unpacked tarball only, so
# amazon.aws (from the `ansible` package in .venv, as for `collection`) goes into its site-packages, where ansible-core
# also looks for collections.
IMPORTER_VENV := $(WORK)/venv-importer
IMPORTER_BIN := $(IMPORTER_VENV)/bin
importer-venv: $(IMPORTER_VENV)/.installed
$(IMPORTER_VENV)/.installed: tests/requirements-importer.txt $(VENV)/.installed
	rm -rf $(IMPORTER_VENV)
	$(PYTHON) -m venv $(IMPORTER_VENV)
	$(IMPORTER_BIN)/python -m pip install --quiet --upgrade pip
	$(IMPORTER_BIN)/python -m pip install --quiet -r tests/requirements-importer.txt
	site="$$($(IMPORTER_BIN)/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"; \
	  mkdir -p "$$site/ansible_collections/amazon" && \
	  cp -r "$$($(BIN)/python -c 'import ansible_collections.amazon.aws as c; print(c.__path__[0])')" "$$site/ansible_collections/amazon/aws"
	touch $@
# The packaging suite opens the HTML report in a real browser: Debian's chromium, installed here where missing.
CHROMIUM ?= /usr/bin/chromium
$(CHROMIUM):
	@echo "== installing Debian's chromium for the browser test of the HTML report"
	apt-get install -y --no-install-recommends chromium >/dev/null || { apt-get update >/dev/null && apt-get install -y --no-install-recommends chromium >/dev/null; }

packaging: dist importer-venv $(CHROMIUM)
	@echo "== packaging: Galaxy tarball, galaxy-importer, execution environment, AWX job templates, plugin docs"
	@rm -rf $(RESULTS)/packaging && mkdir -p $(RESULTS)/packaging
	PACKAGING_DIST=$(DIST) GALAXY_IMPORTER_PYTHON=$(IMPORTER_BIN)/python CHROMIUM=$(CHROMIUM) PYTHONPATH=$(CURDIR)/tests/standin:$(CURDIR)/tests/utils \
	  $(BIN)/python -m pytest tests/packaging -q -p no:cacheprovider --junitxml=$(RESULTS)/packaging/packaging.xml

# Before a release: the changelog fragments lint; the tarball passes galaxy-importer (its output shown) and antsibull-docs
# lint-collection-docs --plugin-docs, holds the pinned file list, no dead link and no large image; then its size and
# file count. (`antsibull-changelog release` and the version in galaxy.yml are the release itself, not checked here.)
RELEASE_CHECKS := test_galaxy_importer.py test_plugin_docs.py test_galaxy_artifact.py test_shipped_docs.py test_shipped_tests.py
release-check: changelog-lint dist importer-venv
	@echo "== release check: galaxy-importer, antsibull-docs lint, the tarball's files, docs and tests"
	PACKAGING_DIST=$(DIST) GALAXY_IMPORTER_PYTHON=$(IMPORTER_BIN)/python PYTHONPATH=$(CURDIR)/tests/standin:$(CURDIR)/tests/utils \
	  $(BIN)/python -m pytest $(addprefix tests/packaging/,$(RELEASE_CHECKS)) -q -p no:cacheprovider -rP
	@echo "== the artifact"
	@$(BIN)/python tests/utils/galaxy_files.py summary $(DIST)

# The execution environment's build context, with the collection built from this checkout (execution-environment.yml
# installs ee/secretsmanager-replication.tar.gz; both stay in the repository, out of the Galaxy tarball); then
# `podman build -t replication-ee .tmp/ee` (no engine here).
EE_CONTEXT := $(WORK)/ee
ee: dist
	cp $(DIST)/secretsmanager-replication-*.tar.gz ee/secretsmanager-replication.tar.gz
	$(BIN)/ansible-builder create -f execution-environment.yml --context $(EE_CONTEXT)
	@echo "Build context in $(EE_CONTEXT): podman build -t replication-ee $(EE_CONTEXT)"

# Compatibility leg: sanity and unit tests on the oldest ansible-core requires_ansible allows that runs on
# Python 3.11 (2.17), amazon.aws 9 and the boto3/botocore minimums (tests/requirements-compat.txt).
# amazon.aws 9 has no PyPI package of its own: it comes from the `ansible` 11 package's files, installed
# with --no-deps because that package asks for ansible-core 2.18. The venv lives under .tmp, which git,
# the collection copy and the Galaxy build all ignore.
COMPAT_VENV := $(WORK)/venv-compat
COMPAT_BIN := $(COMPAT_VENV)/bin
COMPAT_AMAZON_AWS_FROM := ansible==11.13.0
COMPAT_COLLECTIONS := $(WORK)/compat-collections
COMPAT_COPY := $(COMPAT_COLLECTIONS)/ansible_collections/secretsmanager/replication
COMPAT_GET_PIP_CACHE := $(HOME)/.ansible/test/cache/get_pip_23_1_2.py

compat-venv: $(COMPAT_VENV)/.installed
$(COMPAT_VENV)/.installed: tests/requirements-compat.txt requirements.txt
	rm -rf $(COMPAT_VENV)
	$(PYTHON) -m venv $(COMPAT_VENV)
	$(COMPAT_BIN)/python -m pip install --quiet --upgrade pip
	$(COMPAT_BIN)/python -m pip install --quiet -r tests/requirements-compat.txt
	$(COMPAT_BIN)/python -m pip install --quiet --no-deps $(COMPAT_AMAZON_AWS_FROM)
	touch $@

# ansible-test 2.17 bootstraps pip 23.1.2; same offline fallback as GET_PIP_CACHE above.
$(COMPAT_GET_PIP_CACHE):
	mkdir -p $(dir $@)
	cp tests/utils/get_pip_offline.py $@

test-compat: venv compat-venv $(COMPAT_GET_PIP_CACHE)
	@$(BIN)/python tests/utils/sync_collection.py $(CURDIR) $(COMPAT_COLLECTIONS) >/dev/null
	@rm -rf $(COMPAT_COLLECTIONS)/ansible_collections/amazon/aws && mkdir -p $(COMPAT_COLLECTIONS)/ansible_collections/amazon && \
	  cp -r "$$($(COMPAT_BIN)/python -c 'import ansible_collections.amazon.aws as c; print(c.__path__[0])')" $(COMPAT_COLLECTIONS)/ansible_collections/amazon/aws
	@echo "== compatibility: ansible-core $$($(COMPAT_BIN)/python -c 'from ansible.release import __version__; print(__version__)'), amazon.aws $$($(COMPAT_BIN)/python -c 'import json; print(json.load(open("$(COMPAT_COLLECTIONS)/ansible_collections/amazon/aws/MANIFEST.json"))["collection_info"]["version"])'), $$($(COMPAT_BIN)/python -c 'import boto3, botocore; print("boto3", boto3.__version__, "botocore", botocore.__version__)')"
	@echo "== compatibility: ansible-test sanity"
	cd $(COMPAT_COPY) && ANSIBLE_COLLECTIONS_PATH=$(COMPAT_COLLECTIONS) $(COMPAT_BIN)/ansible-test sanity --venv --python 3.11 --color no
	@echo "== compatibility: unit tests (collection)"
	cd $(COMPAT_COPY) && ANSIBLE_COLLECTIONS_PATH=$(COMPAT_COLLECTIONS) PYTHONPATH=$(COMPAT_COLLECTIONS) \
	  $(COMPAT_BIN)/python -m pytest tests/unit -q -p no:cacheprovider
	@echo "== compatibility: the jobs on these versions, against the local AWS stand-in"
	COMPAT_BIN=$(COMPAT_BIN) COMPAT_COLLECTIONS=$(COMPAT_COLLECTIONS) PYTHONPATH=$(CURDIR)/tests/standin \
	  $(BIN)/python -m pytest tests/compat -q -p no:cacheprovider

demo: collection
	@$(MAKE) --no-print-directory standin-start
	@trap '$(MAKE) --no-print-directory -C $(CURDIR) standin-stop' EXIT; \
	  AWS_ENDPOINT_URL=$(STANDIN_URL) PYTHONPATH=$(CURDIR)/tests/standin $(BIN)/python demo/demo.py

bench: collection
	$(BIN)/python -m pip install --quiet -r benchmarks/requirements.txt
	@$(MAKE) --no-print-directory -C benchmarks

clean:
	rm -rf $(WORK) tests/output
