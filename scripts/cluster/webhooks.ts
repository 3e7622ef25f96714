/**
 * Admission webhooks of host processes, callable by the API server on loopback: a serving certificate
 * for 127.0.0.1 and configurations whose `clientConfig` is a URL instead of an in-cluster Service.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { KubernetesObject } from './addon-config';

const run = promisify(execFile);

/**
 * A self-signed serving certificate for 127.0.0.1 in `<dir>/tls.{crt,key}` (the file names
 * controller-runtime's webhook server reads); resolves the certificate, which is its own CA.
 */
export async function loopbackServingCertificate(dir: string, commonName: string): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const [certificate, key] = [path.join(dir, 'tls.crt'), path.join(dir, 'tls.key')];
  // openssl: Node can parse certificates but not make them.
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-days',
    '3650',
    '-subj',
    `/CN=${commonName}`,
    '-addext',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-keyout',
    key,
    '-out',
    certificate,
  ]).catch((error: unknown) => {
    const detail = (error as { stderr?: string }).stderr?.trim() ?? String(error);
    throw new Error(`openssl could not make a webhook certificate (is openssl installed?): ${detail}`, {
      cause: error,
    });
  });
  return readFile(certificate, 'utf8');
}

interface Webhook {
  clientConfig?: { service?: { path?: string }; url?: string; caBundle?: string };
}

/**
 * A webhook configuration with every webhook's `clientConfig` pointed at `baseUrl` (keeping each
 * Service's path, or taking `pathOf(webhook)`) and trusting `caPem`.
 */
export function pointedAt(
  configuration: KubernetesObject,
  baseUrl: string,
  caPem: string,
  pathOf: (webhook: Webhook) => string | undefined = (webhook) => webhook.clientConfig?.service?.path,
): KubernetesObject {
  const webhooks = (configuration['webhooks'] as Webhook[] | undefined) ?? [];
  return {
    ...configuration,
    webhooks: webhooks.map((webhook) => {
      const webhookPath = pathOf(webhook);
      if (webhookPath === undefined) throw new Error(`a webhook of ${configuration.metadata.name} has no path`);
      return {
        ...webhook,
        clientConfig: { url: `${baseUrl}${webhookPath}`, caBundle: Buffer.from(caPem).toString('base64') },
      };
    }),
  };
}

export function isWebhookConfiguration(object: KubernetesObject): boolean {
  return object.kind === 'MutatingWebhookConfiguration' || object.kind === 'ValidatingWebhookConfiguration';
}
