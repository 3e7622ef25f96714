# Pinned versions of the real deployment engine (sourced by build.sh).
# Bump recipe_revision when build.sh changes how a piece is built, so caches rebuild.
recipe_revision=1

# Pulumi CLI: github.com/pulumi/pulumi/pkg/v3, the newest the module proxy serves.
pulumi_version=v3.276.0
# Node.js language host: the upstream source in shared/tools builds against pkg/sdk v3.259.0
# (v3.276.0's ResourceMonitorServer gained ExistsResource, which this host does not implement).
language_nodejs_version=v3.259.0
# Kubernetes provider: the only provider/v4 module the proxy serves is this pseudo-version,
# a commit of 2026-01-15, a day before the v4.25.0 tag. It is stamped the way Pulumi stamps
# its own builds between releases (x.y.z-alpha.<commit time>+<commit>), and the npm SDK
# @pulumi/kubernetes is pinned to 4.25.0 to match.
kubernetes_provider_module=v4.0.0-20260115033456-f47bc2d6f199
kubernetes_provider_sdk=v4.24.0
kubernetes_provider_version=4.25.0-alpha.1768448096+f47bc2d6f199
# kube-apiserver, kube-controller-manager, kubectl: the GKE release channels' minor.
kubernetes_version=1.34.4
# etcd: scripts/toolchain/etcd/go.mod pins the same version.
etcd_version=3.6.16
# crane (go-containerregistry): serves an OCI registry for the engine tests and pushes images to it.
crane_version=0.22.1
# Helm: the release the Kubernetes provider embeds (its go.mod), which renders the platform's charts.
helm_version=v3.18.6
# The add-on controllers' versions come from controllers.ts (one table with the chart versions).
