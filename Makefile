# The README's contract: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
SRC_DIR := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
BUILD_DIR := $(SRC_DIR)/build
JOBS ?= 2
# CI clones into another folder: a source-relative ccache keeps its hits.
export CCACHE_BASEDIR := $(SRC_DIR)
export CCACHE_NOHASHDIR := 1

.PHONY: all deps configure build run test bench fuzz package clean

all: build

deps:
	@bash $(SRC_DIR)/scripts/install-deps.sh

configure: deps
	@cmake --preset release -S $(SRC_DIR) >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j$(JOBS)

run: build
	@$(BUILD_DIR)/bin/qlake-node

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j1 --timeout 300

bench: build
	@bash $(SRC_DIR)/tests/bench/run-all.sh $(BUILD_DIR)

fuzz: build
	@cd $(BUILD_DIR) && cmake --build . --target fuzz

package: build
	@cd $(BUILD_DIR) && cpack -G "DEB;TGZ"

clean:
	@rm -rf $(BUILD_DIR)
