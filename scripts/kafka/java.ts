import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
export const minimumJavaVersion = 17;

/** `$JAVA_HOME/bin/java` when JAVA_HOME is set, else `java` from PATH. */
export function javaExecutable(env: NodeJS.ProcessEnv = process.env): string {
  return env.JAVA_HOME ? path.join(env.JAVA_HOME, 'bin', 'java') : 'java';
}

/** The feature version from `java -version` output: `17` from `"17.0.15"`, `8` from `"1.8.0_392"`. */
export function parseJavaMajorVersion(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(versionOutput);
  if (!match?.[1]) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] ? Number(match[2]) : first;
}

/** Resolves to the java executable, or throws saying what is missing and what is needed. */
export async function requireJava(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const java = javaExecutable(env);
  let output: string;
  try {
    const { stdout, stderr } = await execFileAsync(java, ['-version'], { timeout: 30_000 });
    output = `${stderr}${stdout}`;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : String(error);
    throw new Error(
      `Java ${minimumJavaVersion}+ is required to run the local Kafka broker, but ${java} was ${reason}; ` +
        'install a JDK or JRE 17 or newer, or set JAVA_HOME',
      { cause: error },
    );
  }
  const major = parseJavaMajorVersion(output);
  if (major === undefined || major < minimumJavaVersion) {
    const found = major === undefined ? `an unrecognised version (${output.trim().split('\n')[0] ?? ''})` : major;
    throw new Error(
      `Java ${minimumJavaVersion}+ is required to run the local Kafka broker, but ${java} is ${found}; ` +
        'install Java 17 or newer, or point JAVA_HOME at one',
    );
  }
  return java;
}
