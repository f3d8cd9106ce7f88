// Prisma's schema engine (migrations) compiled to WebAssembly, driven through a driver adapter.
// The Prisma 7 CLI wants a native schema-engine binary that it downloads on first use; this
// machine and CI cannot reach the download host. The WASM build of the same engine
// (@prisma/schema-engine-wasm, pinned to the version the installed `prisma` names) needs no
// download: it talks to the database through a JS driver adapter instead.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";

type EngineClass = typeof SchemaEngine;
interface WasmApi {
  instantiate(
    bytes: Uint8Array,
    imports: Record<string, Record<string, unknown>>,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
}
let engineClass: Promise<EngineClass> | null = null;

/**
 * The package entry imports the .wasm file as an ES module, which Node 20 refuses without a
 * flag: load the JS glue and instantiate the module ourselves (once per process).
 */
function loadEngineClass(): Promise<EngineClass> {
  engineClass ??= (async () => {
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const glue = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as unknown as Record<string, unknown> & {
      __wbg_set_wasm(exports: Record<string, unknown>): void;
      SchemaEngine: EngineClass;
    };
    const bytes = await readFile(join(dirname(gluePath), "schema_engine_bg.wasm"));
    // lib "ES2023" without DOM types has no WebAssembly declarations; Node has the global.
    const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const { instance } = await wasmApi.instantiate(bytes, { "./schema_engine_bg.js": glue });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue.SchemaEngine;
  })();
  return engineClass;
}

export type { SchemaEngine };

/** The schema filter every call passes: we manage every table of the database. */
export const NO_FILTER = { externalTables: [], externalEnums: [] };

/**
 * Wraps a factory so that every adapter it hands out can be disposed afterwards (once): the
 * engine disposes the shadow database's adapter but not the main one.
 */
function tracking(factory: SqlMigrationAwareDriverAdapterFactory) {
  const open = new Set<SqlDriverAdapter>();
  const track = async (connect: () => Promise<SqlDriverAdapter>) => {
    const adapter = await connect();
    const dispose = adapter.dispose.bind(adapter);
    let disposed: Promise<void> | null = null;
    open.add(adapter);
    adapter.dispose = () => {
      open.delete(adapter);
      disposed ??= dispose();
      return disposed;
    };
    return adapter;
  };
  const wrapped: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => track(() => factory.connect()),
    connectToShadowDb: () => track(() => factory.connectToShadowDb()),
  };
  const disposeAll = async () => {
    await Promise.allSettled([...open].map((a) => a.dispose()));
  };
  return { wrapped, disposeAll };
}

/**
 * Runs `fn` with a schema engine connected through `factory`, then frees the engine (an engine
 * left alive keeps Node running for about ten seconds) and disposes the adapters it opened.
 * Closing the pools behind the factory is the caller's job.
 */
export async function withSchemaEngine<T>(
  factory: SqlMigrationAwareDriverAdapterFactory,
  schema: { path: string; content: string } | null,
  fn: (engine: SchemaEngine) => Promise<T>,
  log: (message: string) => void = () => {},
): Promise<T> {
  const Engine = await loadEngineClass();
  const { wrapped, disposeAll } = tracking(factory);
  try {
    const engine = await Engine.new(
      { datamodels: schema ? [[schema.path, schema.content]] : undefined },
      (message: string) => log(message),
      bindMigrationAwareSqlAdapterFactory(wrapped),
    );
    try {
      return await fn(engine);
    } finally {
      engine.free();
    }
  } finally {
    await disposeAll();
  }
}
