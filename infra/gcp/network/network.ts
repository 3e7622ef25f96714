import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';

/** Names of the subnet's secondary ranges, as the cluster's IP allocation policy refers to them. */
export const podsRangeName = 'pods';
export const servicesRangeName = 'services';

export interface NetworkArgs {
  /** GCP project id. */
  project: pulumi.Input<string>;
  /** Region of the subnet, router and NAT. */
  region: pulumi.Input<string>;
  /** Primary range of the subnet (node addresses). */
  subnetCidr: pulumi.Input<string>;
  /** Secondary range for pod addresses (VPC-native cluster). */
  podsCidr: pulumi.Input<string>;
  /** Secondary range for service addresses (VPC-native cluster). */
  servicesCidr: pulumi.Input<string>;
}

/** The secondary ranges a VPC-native cluster allocates pod and service addresses from. */
export function secondaryRanges(podsCidr: pulumi.Input<string>, servicesCidr: pulumi.Input<string>) {
  return [
    { rangeName: podsRangeName, ipCidrRange: podsCidr },
    { rangeName: servicesRangeName, ipCidrRange: servicesCidr },
  ];
}

/** A VPC with one subnet for the cluster, and Cloud NAT so private nodes can pull images and reach APIs. */
export class Network extends pulumi.ComponentResource {
  readonly network: gcp.compute.Network;
  readonly subnet: gcp.compute.Subnetwork;
  readonly router: gcp.compute.Router;
  readonly nat: gcp.compute.RouterNat;
  readonly networkId: pulumi.Output<string>;
  readonly subnetId: pulumi.Output<string>;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super('category-match:gcp:Network', name, {}, opts);
    const parent = { parent: this };

    this.network = new gcp.compute.Network(
      `${name}-vpc`,
      { name: `${name}-vpc`, project: args.project, autoCreateSubnetworks: false, routingMode: 'REGIONAL' },
      parent,
    );
    this.subnet = new gcp.compute.Subnetwork(
      `${name}-subnet`,
      {
        name: `${name}-subnet`,
        project: args.project,
        region: args.region,
        network: this.network.id,
        ipCidrRange: args.subnetCidr,
        secondaryIpRanges: secondaryRanges(args.podsCidr, args.servicesCidr),
        // Private nodes have no external address: this lets them reach Google APIs (registry, storage).
        privateIpGoogleAccess: true,
      },
      parent,
    );
    this.router = new gcp.compute.Router(
      `${name}-router`,
      { name: `${name}-router`, project: args.project, region: args.region, network: this.network.id },
      parent,
    );
    // Without NAT, private nodes cannot pull images from public registries (Docker Hub, ghcr, quay).
    this.nat = new gcp.compute.RouterNat(
      `${name}-nat`,
      {
        name: `${name}-nat`,
        project: args.project,
        region: args.region,
        router: this.router.name,
        natIpAllocateOption: 'AUTO_ONLY',
        sourceSubnetworkIpRangesToNat: 'LIST_OF_SUBNETWORKS',
        subnetworks: [{ name: this.subnet.id, sourceIpRangesToNats: ['ALL_IP_RANGES'] }],
        logConfig: { enable: true, filter: 'ERRORS_ONLY' },
      },
      parent,
    );

    this.networkId = this.network.id;
    this.subnetId = this.subnet.id;
    this.registerOutputs({ networkId: this.networkId, subnetId: this.subnetId });
  }
}
