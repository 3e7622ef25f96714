import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';

/** A plain custom resource object as the pure builders return it. */
export interface CustomResourceObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: pulumi.Input<string>;
    readonly labels?: Record<string, string>;
  };
  readonly spec: object;
}

/** Creates a custom resource from a plain object (type token `kubernetes:<group>/<version>:<Kind>`). */
export function createCustomResource(
  name: string,
  object: CustomResourceObject,
  opts: pulumi.CustomResourceOptions,
): k8s.apiextensions.CustomResource {
  return new k8s.apiextensions.CustomResource(
    name,
    { apiVersion: object.apiVersion, kind: object.kind, metadata: { ...object.metadata }, spec: object.spec },
    opts,
  );
}
