import { ociImageLookup, parseImageReference } from './oci-registry';

describe('parseImageReference', () => {
  it.each([
    [
      'europe-west4-docker.pkg.dev/p/repo/model-server:abc',
      { registry: 'europe-west4-docker.pkg.dev', repository: 'p/repo/model-server', reference: 'abc' },
    ],
    ['localhost:5001/worker:0.1.0', { registry: 'localhost:5001', repository: 'worker', reference: '0.1.0' }],
    ['127.0.0.1:5000/a/b', { registry: '127.0.0.1:5000', repository: 'a/b', reference: 'latest' }],
    ['ghcr.io/o/i@sha256:0123', { registry: 'ghcr.io', repository: 'o/i', reference: 'sha256:0123' }],
    ['busybox:1.37.0', { registry: 'registry-1.docker.io', repository: 'library/busybox', reference: '1.37.0' }],
    ['org/app:1', { registry: 'registry-1.docker.io', repository: 'org/app', reference: '1' }],
  ])('splits %s', (image, expected) => {
    expect(parseImageReference(image)).toEqual(expected);
  });
});

/** A fetch that answers from a table of `METHOD url` → response, and records what was asked. */
function scriptedFetch(answers: Readonly<Record<string, () => Response>>) {
  const asked: { url: string; authorization: string | null }[] = [];
  const fake = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = input instanceof Request ? input.url : input.toString();
    const authorization = new Headers(init?.headers).get('authorization');
    asked.push({ url, authorization });
    const answer = answers[`${init?.method ?? 'GET'} ${url}`];
    return answer === undefined ? Promise.reject(new Error(`unexpected ${url}`)) : Promise.resolve(answer());
  };
  return { fetch: fake as typeof fetch, asked };
}

describe('ociImageLookup', () => {
  const manifest = 'https://ghcr.io/v2/o/app/manifests/1';

  it('follows a bearer challenge with an anonymous pull token', async () => {
    const { fetch, asked } = scriptedFetch({
      [`HEAD ${manifest}`]: () =>
        asked.length === 1
          ? new Response(null, {
              status: 401,
              headers: { 'www-authenticate': 'Bearer realm="https://ghcr.io/token",service="ghcr.io"' },
            })
          : new Response(null, { status: 200 }),
      'GET https://ghcr.io/token?service=ghcr.io&scope=repository%3Ao%2Fapp%3Apull': () =>
        Response.json({ token: 't0k' }),
    });
    await expect(ociImageLookup(fetch)('ghcr.io/o/app:1')).resolves.toEqual({ state: 'present' });
    expect(asked.at(-1)).toEqual({ url: manifest, authorization: 'Bearer t0k' });
  });

  it('takes a 404 as missing', async () => {
    const { fetch } = scriptedFetch({ [`HEAD ${manifest}`]: () => new Response(null, { status: 404 }) });
    await expect(ociImageLookup(fetch)('ghcr.io/o/app:1')).resolves.toEqual({ state: 'missing' });
  });

  it('never calls an image missing when the registry wants credentials', async () => {
    const { fetch } = scriptedFetch({
      [`HEAD ${manifest}`]: () =>
        new Response(null, { status: 401, headers: { 'www-authenticate': 'Basic realm="private"' } }),
    });
    await expect(ociImageLookup(fetch)('ghcr.io/o/app:1')).resolves.toEqual({
      state: 'unknown',
      reason: 'ghcr.io wants credentials to read o/app (HTTP 401)',
    });
  });

  it('speaks plain HTTP to a loopback registry, as Docker does', async () => {
    const { fetch } = scriptedFetch({
      'HEAD http://localhost:5001/v2/worker/manifests/0.1.0': () => new Response(null, { status: 200 }),
    });
    await expect(ociImageLookup(fetch)('localhost:5001/worker:0.1.0')).resolves.toEqual({ state: 'present' });
  });
});
