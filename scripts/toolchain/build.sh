#!/usr/bin/env bash
# Builds the real deployment engine from the Go module proxy, offline from any
# release site: the Pulumi CLI, its Node.js language host, the Kubernetes
# provider, kube-apiserver / kube-controller-manager / kubectl, etcd, crane, Helm,
# and the add-on controllers the local cluster runs (KServe, Knative Serving,
# KEDA, cert-manager) with the CRDs their modules carry.
#
# Each piece lands in its own folder of a cache outside the checkout, keyed by
# its version and this recipe's revision, and is built once: a warm run only
# checks that every binary answers --version. Builds run one at a time (the
# Kubernetes provider alone peaks near 5 GB). The last line printed is the bin
# directory to put first on PATH.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=versions.sh
source "$here/versions.sh"
# The controllers' versions follow the pinned Helm charts (infra/platform/versions.ts).
eval "$("$root/node_modules/.bin/tsx" "$here/controllers.ts")"

cache="${CATEGORY_MATCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/category-match}/toolchain"
mkdir -p "$cache"
log() { echo "toolchain: $*" >&2; }

# One build at a time, across processes (a test run and a manual run share the cache and the memory).
exec {lock}>"$cache/.lock"
flock "$lock"

command -v go >/dev/null || {
  echo "toolchain: Go is required: Go >= 1.21 (Debian: apt-get install golang-go) fetches the newer toolchain the modules ask for through the module proxy" >&2
  exit 1
}

# Modules come only from the proxy; a failed download must not fall back to git.
export GOPROXY="${GOPROXY:-https://proxy.golang.org}" GOFLAGS="-mod=mod"
export CGO_ENABLED=0
ldflags_strip="-s -w"

# module_copy MODULE@VERSION DEST: a writable copy of a module's source.
module_copy() {
  local dir
  dir="$(go mod download -json "$1" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
  [ -n "$dir" ] || { echo "toolchain: could not download $1" >&2; exit 1; }
  rm -rf "$2" && mkdir -p "$(dirname "$2")" && cp -r "$dir" "$2" && chmod -R u+w "$2"
}

# required_module_dir MODULE: the source folder of MODULE at the version the current module requires.
required_module_dir() {
  local dir
  dir="$(go mod download -json "$1@$(go list -m -f '{{.Version}}' "$1")" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
  [ -n "$dir" ] || { echo "toolchain: could not download $1" >&2; exit 1; }
  echo "$dir"
}

# piece NAME VERSION BUILD_FUNCTION BINARY...: build into $cache/NAME-VERSION
# unless it is complete there, then check that each binary runs.
pieces=()
piece() {
  local name="$1" version="$2" build="$3"
  shift 3
  local dest="$cache/$name-$version-r$recipe_revision"
  if [ ! -f "$dest/.complete" ]; then
    log "building $name $version (cold: minutes; once per version)"
    local work="$cache/work/$name"
    rm -rf "$dest" "$work" && mkdir -p "$dest/bin" "$work"
    local started=$SECONDS
    ("$build" "$version" "$work" "$dest/bin")
    rm -rf "$work"
    touch "$dest/.complete"
    log "built $name in $((SECONDS - started)) s"
  fi
  local binary
  for binary in "$@"; do
    version_of "$dest/bin/$binary" >/dev/null ||
      { echo "toolchain: $dest/bin/$binary does not run; delete $dest to rebuild" >&2; exit 1; }
    pieces+=("$dest/bin/$binary")
  done
}

# A resource provider has no version flag: it runs when it serves, printing its gRPC port.
serves_port() {
  local fd pid port=""
  exec {fd}< <(exec "$1" 2>/dev/null)
  pid=$!
  read -r -t 60 port <&"$fd" || true
  kill "$pid" 2>/dev/null || true
  exec {fd}<&-
  [[ "$port" =~ ^[0-9]+$ ]] && echo "$(basename "$1") serves on port $port"
}

version_of() {
  case "$(basename "$1")" in
    pulumi) "$1" version ;;
    pulumi-language-nodejs) "$1" -version ;;
    pulumi-resource-*) serves_port "$1" ;;
    kubectl) "$1" version --client ;;
    crane) "$1" version ;;
    helm) "$1" version --short ;;
    # Controllers print no version: that they parse their flags is the check (Knative's webhook reads its name first).
    kserve-manager | knative-* | keda-operator | cert-manager-controller)
      WEBHOOK_NAME=localhost "$1" --help >/dev/null 2>&1 && echo "$(basename "$1") runs" ;;
    *) "$1" --version ;;
  esac
}

build_pulumi() {
  module_copy "github.com/pulumi/pulumi/pkg/v3@$1" "$2"
  cd "$2"
  # Upstream builds against its own sdk folder, which the module zip lacks.
  go mod edit -dropreplace=github.com/pulumi/pulumi/sdk/v3 -require="github.com/pulumi/pulumi/sdk/v3@$1"
  go build -trimpath -ldflags "$ldflags_strip -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$1" \
    -o "$3/pulumi" ./cmd/pulumi
}

build_language_nodejs() {
  # Not served by the proxy: upstream source kept in shared/tools.
  cp -r "$root/../shared/tools/pulumi-language-nodejs/." "$2" && chmod -R u+w "$2"
  cd "$2"
  go build -trimpath -ldflags "$ldflags_strip -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$1" \
    -o "$3/pulumi-language-nodejs" .
}

build_kubernetes_provider() {
  module_copy "github.com/pulumi/pulumi-kubernetes/provider/v4@$kubernetes_provider_module" "$2"
  cd "$2"
  go mod edit -dropreplace=github.com/pulumi/pulumi-kubernetes/sdk/v4 \
    -require="github.com/pulumi/pulumi-kubernetes/sdk/v4@$kubernetes_provider_sdk"
  # What upstream's `go generate` writes: the schema (with its version) and the mapping, minified.
  local cmd=cmd/pulumi-resource-kubernetes
  node -e '
    const fs = require("fs");
    const [dir, version] = process.argv.slice(1);
    const schema = JSON.parse(fs.readFileSync(`${dir}/schema.json`, "utf8"));
    schema.version = version;
    fs.writeFileSync(`${dir}/schema-embed.json`, JSON.stringify(schema));
    fs.writeFileSync(`${dir}/terraform-mapping-embed.json`,
      JSON.stringify(JSON.parse(fs.readFileSync(`${dir}/terraform-mapping.json`, "utf8"))));
  ' "$cmd" "$1"
  go build -trimpath -ldflags "$ldflags_strip -X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$1" \
    -o "$3/pulumi-resource-kubernetes" "./$cmd"
}

build_kubernetes() {
  module_copy "k8s.io/kubernetes@v$1" "$2"
  cd "$2"
  # The module zip has no staging/ tree: use the published k8s.io/* modules of the same release.
  rm -rf go.work go.work.sum vendor
  local edits=() staged
  for staged in $(go mod edit -json | node -e '
    const mod = JSON.parse(require("fs").readFileSync(0, "utf8"));
    for (const r of mod.Replace ?? []) if (r.New.Path.startsWith("./staging/")) console.log(r.Old.Path);
  '); do
    edits+=("-dropreplace=$staged" "-require=$staged@v0.${1#1.}")
  done
  go mod edit "${edits[@]}"
  local v="k8s.io/component-base/version" c="k8s.io/client-go/pkg/version" stamp=""
  local pkg
  for pkg in "$v" "$c"; do
    stamp+=" -X $pkg.gitVersion=v$1 -X $pkg.gitMajor=${1%%.*} -X $pkg.gitMinor=$(echo "$1" | cut -d. -f2)"
    stamp+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  go build -trimpath -ldflags "$ldflags_strip$stamp" -o "$3/" \
    ./cmd/kube-apiserver ./cmd/kube-controller-manager ./cmd/kubectl
}

build_etcd() {
  cp -r "$here/etcd/." "$2"
  cd "$2"
  grep -q "go.etcd.io/etcd/server/v3 v$1\$" go.mod ||
    { echo "toolchain: scripts/toolchain/etcd/go.mod does not pin etcd v$1" >&2; exit 1; }
  go build -trimpath -ldflags "$ldflags_strip" -o "$3/etcd" .
}

build_crane() {
  module_copy "github.com/google/go-containerregistry@v$1" "$2"
  cd "$2"
  go build -trimpath -ldflags "$ldflags_strip" -o "$3/crane" ./cmd/crane
}

build_helm() {
  module_copy "helm.sh/helm/v3@$1" "$2"
  cd "$2"
  go build -trimpath -ldflags "$ldflags_strip -X helm.sh/helm/v3/internal/version.version=$1" -o "$3/helm" ./cmd/helm
}

# copy_crds DEST FILE...: the CRDs a controller's module carries, beside its binary.
copy_crds() {
  local dest="$1"
  shift
  mkdir -p "$dest" && cp "$@" "$dest/"
}

build_kserve() {
  module_copy "github.com/kserve/kserve@$1" "$2"
  cd "$2"
  go build -trimpath -ldflags "$ldflags_strip" -o "$3/kserve-manager" ./cmd/manager
  copy_crds "$3/../crds" $(find config/crd/full -name 'serving.kserve.io_*.yaml' | sort)
  # The chart the platform installs, rendered with its values for the controller's configuration.
  mkdir -p "$3/../charts" && cp -r charts/kserve-resources "$3/../charts/"
}

build_knative_serving() {
  module_copy "knative.dev/serving@$1" "$2"
  cd "$2"
  # knative.dev/pkg binds the controller's health probes to :8080 on every interface: a patched copy
  # reads the address from KNATIVE_HEALTH_PROBES_ADDRESS instead, so two local clusters never collide.
  local pkg="$2/third_party/knative-pkg" probes
  mkdir -p "$(dirname "$pkg")" && cp -r "$(required_module_dir knative.dev/pkg)" "$pkg" && chmod -R u+w "$pkg"
  probes="$pkg/injection/health_check.go"
  grep -q 'Addr: ":" + strconv.Itoa(port)' "$probes" ||
    { echo "toolchain: $probes no longer binds as the patch expects" >&2; exit 1; }
  sed -i -e 's|Addr: ":" + strconv.Itoa(port)|Addr: probesAddress(port)|' -e 's|^\t"net/http"$|&\n\t"os"|' "$probes"
  cat >>"$probes" <<'GO'

func probesAddress(port int) string {
	if address := os.Getenv("KNATIVE_HEALTH_PROBES_ADDRESS"); address != "" {
		return address
	}
	return ":" + strconv.Itoa(port)
}
GO
  go mod edit -replace=knative.dev/pkg=./third_party/knative-pkg
  go build -trimpath -ldflags "$ldflags_strip" -o "$2/out/" ./cmd/controller ./cmd/webhook
  mv "$2/out/controller" "$3/knative-controller" && mv "$2/out/webhook" "$3/knative-webhook"
  # Serving's reconcilers also watch the networking and caching resources, at the versions its go.mod pins.
  local networking caching
  networking="$(required_module_dir knative.dev/networking)"
  caching="$(required_module_dir knative.dev/caching)"
  copy_crds "$3/../crds" config/core/300-resources/*.yaml \
    "$networking"/config/{certificate,domain-claim,ingress,serverlessservice}.yaml "$caching/config/image.yaml"
  # The ConfigMaps the operator fills from a KnativeServing's spec.config, and the webhook configurations.
  mkdir -p "$3/../config" && cp config/core/configmaps/*.yaml "$networking/config/config-network.yaml" \
    config/core/webhooks/{defaulting,resource-validation}.yaml "$3/../config/"
}

build_keda() {
  module_copy "github.com/kedacore/keda/v2@$1" "$2"
  cd "$2"
  go build -trimpath -ldflags "$ldflags_strip -X github.com/kedacore/keda/v2/version.Version=$1" \
    -o "$3/keda-operator" ./cmd/operator
  copy_crds "$3/../crds" config/crd/bases/*.yaml
}

build_cert_manager() {
  module_copy "github.com/cert-manager/cert-manager@$1" "$2"
  # The controller is a nested module the proxy cannot serve: its upstream source is kept in shared/tools.
  rm -rf "$2/cmd/controller" && mkdir -p "$2/cmd"
  cp -r "$root/../shared/tools/cert-manager-controller" "$2/cmd/controller" && chmod -R u+w "$2/cmd/controller"
  cd "$2"
  # The Venafi issuer's client (github.com/Venafi/vcert/v5) is refused by the proxy: build without that issuer.
  sed -i '/crvenaficontroller\|csrvenaficontroller/d' internal/apis/config/controller/v1alpha1/defaults.go
  sed -i '\|cert-manager/pkg/issuer/venafi"|d' cmd/controller/app/start.go
  cd cmd/controller
  go build -trimpath -ldflags "$ldflags_strip -X github.com/cert-manager/cert-manager/pkg/util.AppVersion=$1" \
    -o "$3/cert-manager-controller" .
  copy_crds "$3/../crds" "$2"/deploy/crds/*.io_*.yaml
}

# Smallest first, so a broken recipe shows early.
piece language-nodejs "$language_nodejs_version" build_language_nodejs pulumi-language-nodejs
piece etcd "$etcd_version" build_etcd etcd
piece crane "$crane_version" build_crane crane
piece pulumi "$pulumi_version" build_pulumi pulumi
piece kubernetes "$kubernetes_version" build_kubernetes kube-apiserver kube-controller-manager kubectl
piece kubernetes-provider "$kubernetes_provider_version" build_kubernetes_provider pulumi-resource-kubernetes
piece helm "$helm_version" build_helm helm
piece cert-manager "$cert_manager_version" build_cert_manager cert-manager-controller
piece knative-serving "$knative_serving_version" build_knative_serving knative-controller knative-webhook
piece kserve "$kserve_version" build_kserve kserve-manager
piece keda "$keda_version" build_keda keda-operator

# One bin folder per set of versions, holding links to the pieces.
bin="$cache/bin-$(printf '%s\n' "${pieces[@]}" | sha256sum | cut -c1-12)"
if [ ! -d "$bin" ]; then
  mkdir -p "$bin.tmp"
  for binary in "${pieces[@]}"; do ln -sf "$binary" "$bin.tmp/"; done
  mv "$bin.tmp" "$bin"
fi
echo "$bin"
