import { missing, present, reasonOf, unknown, type Presence } from './lookup';

/** An image reference split the way the registry API addresses it. */
export interface ImageReference {
  /** Host and optional port, e.g. `europe-west4-docker.pkg.dev` or `localhost:5001`. */
  readonly registry: string;
  /** Path inside the registry, e.g. `project/repo/model-server`. */
  readonly repository: string;
  /** Tag or `sha256:` digest. */
  readonly reference: string;
}

/** Splits `registry/repository:tag` or `registry/repository@sha256:…` (Docker Hub names get its host). */
export function parseImageReference(image: string): ImageReference {
  const digestAt = image.indexOf('@');
  const [name, reference] =
    digestAt >= 0
      ? [image.slice(0, digestAt), image.slice(digestAt + 1)]
      : (() => {
          const colon = image.lastIndexOf(':');
          return colon > image.lastIndexOf('/') ? [image.slice(0, colon), image.slice(colon + 1)] : [image, 'latest'];
        })();
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  // Docker's rule: the first segment is a registry when it has a dot or a port, or is localhost.
  if (first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    return { registry: first, repository: name.slice(slash + 1), reference };
  }
  return { registry: 'registry-1.docker.io', repository: slash < 0 ? `library/${name}` : name, reference };
}

/** Registries on the loopback interface speak plain HTTP, as Docker assumes for them. */
function baseUrl(registry: string): string {
  const host = registry.replace(/:\d+$/, '');
  const loopback = host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '[::1]';
  return `${loopback ? 'http' : 'https'}://${registry}`;
}

const manifestTypes = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** `Bearer realm="…",service="…",scope="…"` as a map. */
function challengeParams(header: string): Record<string, string> {
  return Object.fromEntries([...header.matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key ?? '', value ?? '']));
}

/** An anonymous pull token, for registries that serve public images behind a token endpoint. */
async function anonymousToken(challenge: string, repository: string, fetchImpl: typeof fetch): Promise<string> {
  const { realm, service } = challengeParams(challenge);
  if (realm === undefined) throw new Error(`the registry's challenge names no token realm: ${challenge}`);
  const url = new URL(realm);
  if (service !== undefined) url.searchParams.set('service', service);
  url.searchParams.set('scope', `repository:${repository}:pull`);
  const response = await fetchImpl(url, { signal: AbortSignal.timeout(15_000) });
  if (!response.ok) throw new Error(`the token endpoint ${url.origin} answered ${response.status}`);
  const body = (await response.json()) as { token?: string; access_token?: string };
  const token = body.token ?? body.access_token;
  if (token === undefined) throw new Error(`the token endpoint ${url.origin} returned no token`);
  return token;
}

/**
 * Whether a registry holds an image, through the OCI distribution API (`HEAD /v2/<name>/manifests/<ref>`),
 * anonymously: a registry that wants credentials is reported as not checkable, never as missing.
 */
export function ociImageLookup(fetchImpl: typeof fetch = fetch): (image: string) => Promise<Presence> {
  return async (image) => {
    const { registry, repository, reference } = parseImageReference(image);
    const url = `${baseUrl(registry)}/v2/${repository}/manifests/${reference}`;
    const head = (authorization?: string): Promise<Response> =>
      fetchImpl(url, {
        method: 'HEAD',
        headers: { accept: manifestTypes, ...(authorization === undefined ? {} : { authorization }) },
        signal: AbortSignal.timeout(15_000),
      });
    try {
      let response = await head();
      const challenge = response.headers.get('www-authenticate') ?? '';
      if (response.status === 401 && /^bearer /i.test(challenge)) {
        response = await head(`Bearer ${await anonymousToken(challenge, repository, fetchImpl)}`);
      }
      if (response.ok) return present;
      if (response.status === 404) return missing;
      if (response.status === 401 || response.status === 403) {
        return unknown(`${registry} wants credentials to read ${repository} (HTTP ${response.status})`);
      }
      return unknown(`${registry} answered HTTP ${response.status}`);
    } catch (error) {
      return unknown(`cannot reach ${registry}: ${reasonOf(error)}`);
    }
  };
}
