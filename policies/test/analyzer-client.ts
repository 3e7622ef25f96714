import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { AnalyzerClient } from '@pulumi/pulumi/proto/analyzer_grpc_pb';
import {
  AnalyzeRequest,
  AnalyzeStackRequest,
  AnalyzerResource,
  AnalyzerResourceOptions,
  ConfigureAnalyzerRequest,
  EnforcementLevel,
  PolicyConfig,
  type AnalyzeDiagnostic,
  type AnalyzeResponse,
} from '@pulumi/pulumi/proto/analyzer_pb';
import { Struct } from 'google-protobuf/google/protobuf/struct_pb';
import type { FakeResource, PolicyPackConfigFile } from './harness';
import { urnOf } from './harness';

/**
 * The pack as the Pulumi engine runs it: a child process serving the analyzer gRPC protocol, and a
 * client speaking that protocol the way the CLI does (configure, analyze, analyzeStack).
 */

const packDirectory = path.resolve(__dirname, '..');
const startTimeoutMs = 90_000;

export interface Diagnostic {
  readonly policy: string;
  readonly level: 'advisory' | 'mandatory' | 'disabled' | 'remediate';
  readonly message: string;
  readonly urn: string;
}

const levelNames: Readonly<Record<EnforcementLevel, Diagnostic['level']>> = {
  [EnforcementLevel.ADVISORY]: 'advisory',
  [EnforcementLevel.MANDATORY]: 'mandatory',
  [EnforcementLevel.DISABLED]: 'disabled',
  [EnforcementLevel.REMEDIATE]: 'remediate',
};
const levelValues: Readonly<Record<Diagnostic['level'], EnforcementLevel>> = {
  advisory: EnforcementLevel.ADVISORY,
  mandatory: EnforcementLevel.MANDATORY,
  disabled: EnforcementLevel.DISABLED,
  remediate: EnforcementLevel.REMEDIATE,
};

function diagnostic(d: AnalyzeDiagnostic): Diagnostic {
  return {
    policy: d.getPolicyname(),
    level: levelNames[d.getEnforcementlevel()],
    message: d.getMessage(),
    urn: d.getUrn(),
  };
}

function unary<Request, Response>(
  call: (request: Request, callback: (error: grpc.ServiceError | null, response: Response) => void) => unknown,
  request: Request,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    call(request, (error, response) => (error === null ? resolve(response) : reject(error)));
  });
}

/** Starts the pack from its TypeScript entry point and resolves with the port it prints. */
function startPack(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: packDirectory,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The policy pack printed no port within ${startTimeoutMs} ms:\n${output}`));
    }, startTimeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const port = /^(\d+)\s*$/m.exec(output)?.[1];
      if (port === undefined) return;
      clearTimeout(timer);
      resolve({ child, port: Number(port) });
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The policy pack exited with ${String(code)} before serving:\n${output}`));
    });
  });
}

function struct(props: Record<string, unknown>): Struct {
  // Pulumi sends property values as protobuf Structs; our fixtures are plain JSON.
  return Struct.fromJavaScript(props as Parameters<typeof Struct.fromJavaScript>[0]);
}

export class PackUnderTest {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: AnalyzerClient,
  ) {}

  static async start(): Promise<PackUnderTest> {
    const { child, port } = await startPack();
    return new PackUnderTest(child, new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure()));
  }

  /** Hands the pack a policy config file's contents, as `--policy-pack-config` does. */
  async configure(config: PolicyPackConfigFile): Promise<void> {
    const request = new ConfigureAnalyzerRequest();
    for (const [name, entry] of Object.entries(config)) {
      // The engine always sends a properties struct, empty when the file gives only a level.
      const { enforcementLevel, ...properties } = typeof entry === 'string' ? { enforcementLevel: entry } : entry;
      const policyConfig = new PolicyConfig()
        .setEnforcementlevel(levelValues[enforcementLevel ?? 'advisory'])
        .setProperties(struct(properties));
      request.getPolicyconfigMap().set(name, policyConfig);
    }
    await unary(this.client.configure.bind(this.client), request);
  }

  async analyze(resource: FakeResource): Promise<Diagnostic[]> {
    const request = new AnalyzeRequest()
      .setType(resource.type)
      .setName(resource.name)
      .setUrn(urnOf(resource))
      .setProperties(struct(resource.props))
      .setOptions(new AnalyzerResourceOptions());
    const response: AnalyzeResponse = await unary(this.client.analyze.bind(this.client), request);
    return response.getDiagnosticsList().map(diagnostic);
  }

  async analyzeStack(resources: readonly FakeResource[]): Promise<Diagnostic[]> {
    const request = new AnalyzeStackRequest().setResourcesList(
      resources.map((resource) =>
        new AnalyzerResource()
          .setType(resource.type)
          .setName(resource.name)
          .setUrn(urnOf(resource))
          .setProperties(struct(resource.props))
          .setOptions(new AnalyzerResourceOptions()),
      ),
    );
    const response: AnalyzeResponse = await unary(this.client.analyzeStack.bind(this.client), request);
    return response.getDiagnosticsList().map(diagnostic);
  }

  async stop(): Promise<void> {
    this.client.close();
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}
