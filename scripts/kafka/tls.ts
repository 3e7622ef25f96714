/**
 * TLS material for the broker's SASL_SSL listener: a certificate authority of this instance and a broker
 * certificate it signed for 127.0.0.1, made with the JDK's keytool (already needed for the broker, so nothing
 * else to install). Clients verify the broker against `ca.pem`.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { host } from './broker-config';
import { writeJson } from './broker-state';

const execFileAsync = promisify(execFile);

export interface BrokerTls {
  /** PKCS#12 keystore holding the broker's key and its certificate chain. */
  readonly keystore: string;
  readonly password: string;
  /** The CA certificate (PEM) clients trust. */
  readonly caFile: string;
}

const storedSchema = z.object({ password: z.string().min(16) });

/** keytool beside the java executable (JAVA_HOME), or from PATH when java came from PATH. */
export function keytoolExecutable(java: string): string {
  return path.dirname(java) === '.' ? 'keytool' : path.join(path.dirname(java), 'keytool');
}

async function keytool(java: string, args: readonly string[]): Promise<void> {
  // The quick-starting compiler: each call runs for well under a second.
  const jvm = ['-J-XX:TieredStopAtLevel=1', '-J-XX:+UseSerialGC'];
  await execFileAsync(keytoolExecutable(java), [...jvm, ...args], { timeout: 60_000 }).catch((error: unknown) => {
    const detail = (error as { stderr?: string; stdout?: string }).stderr?.trim() || String(error);
    throw new Error(`keytool ${args[0] ?? ''} failed: ${detail}`, { cause: error });
  });
}

const keyOptions = ['-keyalg', 'EC', '-groupname', 'secp256r1', '-validity', '3650', '-storetype', 'PKCS12'];

/** A self-signed CA in `<dir>/ca.p12`, its certificate in `<dir>/ca.pem`. */
export async function createCertificateAuthority(
  java: string,
  dir: string,
  password: string,
  name = 'category-match local Kafka CA',
): Promise<{ keystore: string; caFile: string }> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const keystore = path.join(dir, 'ca.p12');
  const caFile = path.join(dir, 'ca.pem');
  await rm(keystore, { force: true });
  const store = ['-keystore', keystore, '-storepass', password];
  await keytool(java, ['-genkeypair', '-alias', 'ca', '-dname', `CN=${name}`, '-ext', 'bc:c', ...keyOptions, ...store]);
  await keytool(java, ['-exportcert', '-rfc', '-alias', 'ca', '-file', caFile, ...store]);
  return { keystore, caFile };
}

/**
 * The instance's TLS material in `dir`, made on first use and kept across restarts (a client that trusted the CA
 * once keeps trusting it).
 */
export async function ensureBrokerTls(java: string, dir: string): Promise<BrokerTls> {
  const infoFile = path.join(dir, 'tls.json');
  const keystore = path.join(dir, 'broker.p12');
  const caFile = path.join(dir, 'ca.pem');
  const stored = await readFile(infoFile, 'utf8')
    .then((text) => storedSchema.safeParse(JSON.parse(text)))
    .catch(() => undefined);
  const present = await Promise.all(
    [keystore, caFile].map((file) =>
      access(file).then(
        () => true,
        () => false,
      ),
    ),
  );
  if (stored?.success && present.every(Boolean)) return { keystore, caFile, password: stored.data.password };

  const password = randomBytes(18).toString('base64url');
  const ca = await createCertificateAuthority(java, dir, password);
  const csr = path.join(dir, 'broker.csr');
  const signed = path.join(dir, 'broker.pem');
  await rm(keystore, { force: true });
  const store = ['-keystore', keystore, '-storepass', password];
  await keytool(java, ['-genkeypair', '-alias', 'broker', '-dname', `CN=${host}`, ...keyOptions, ...store]);
  await keytool(java, ['-certreq', '-alias', 'broker', '-file', csr, ...store]);
  await keytool(java, [
    '-gencert',
    '-rfc',
    '-alias',
    'ca',
    '-keystore',
    ca.keystore,
    '-storepass',
    password,
    '-infile',
    csr,
    '-outfile',
    signed,
    '-validity',
    '3650',
    '-ext',
    `SAN=ip:${host},dns:localhost`,
    '-ext',
    'KU=digitalSignature',
    '-ext',
    'EKU=serverAuth',
  ]);
  // The CA first, so the signed reply can be chained to it in the broker's entry.
  await keytool(java, ['-importcert', '-noprompt', '-alias', 'ca', '-file', caFile, ...store]);
  await keytool(java, ['-importcert', '-alias', 'broker', '-file', signed, ...store]);
  await writeJson(infoFile, { password });
  return { keystore, caFile, password };
}

/** A listener identity issued elsewhere (by cert-manager, say): the PEM chain and key a platform's broker presents. */
export interface IssuedListenerCertificate {
  /** The listener's certificate chain (PEM), leaf first. */
  readonly certificateChain: string;
  /** Its private key (PEM, unencrypted). */
  readonly privateKey: string;
  /** The CA certificate (PEM) clients trust. */
  readonly caCertificate: string;
}

/**
 * The broker's TLS material from an issued certificate: a PKCS#12 keystore in `dir` made with openssl
 * (keytool cannot import a PEM key), so the broker presents exactly that certificate.
 */
export async function brokerTlsFromIssued(dir: string, issued: IssuedListenerCertificate): Promise<BrokerTls> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const [chain, key, caFile, keystore] = ['issued.pem', 'issued.key', 'ca.pem', 'broker.p12'].map((file) =>
    path.join(dir, file),
  ) as [string, string, string, string];
  await writeFile(chain, issued.certificateChain);
  await writeFile(key, issued.privateKey, { mode: 0o600 });
  await writeFile(caFile, issued.caCertificate);
  const password = randomBytes(18).toString('base64url');
  await execFileAsync('openssl', [
    'pkcs12',
    '-export',
    '-name',
    'broker',
    '-in',
    chain,
    '-inkey',
    key,
    '-out',
    keystore,
    '-passout',
    `pass:${password}`,
  ]).catch((error: unknown) => {
    const detail = (error as { stderr?: string }).stderr?.trim() || String(error);
    throw new Error(`openssl could not make a keystore of the issued certificate: ${detail}`, { cause: error });
  });
  return { keystore, caFile, password };
}
