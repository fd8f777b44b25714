// A driver adapter factory that reports every statement to the round-trip counter: queries and
// executes on the connection and in transactions, and a transaction's BEGIN (which the adapters
// send inside startTransaction; its COMMIT or ROLLBACK arrives as an execute).
import { countRoundTrip } from "../core/round-trips.js";

type Fn = (...args: unknown[]) => unknown;

/** Methods are bound to the real object: the adapters keep state in private fields. */
function counted<T extends object>(target: T, overrides: Record<string, Fn> = {}): T {
  return new Proxy(target, {
    get(t, key) {
      if (typeof key === "string" && Object.hasOwn(overrides, key)) return overrides[key];
      const v = Reflect.get(t, key, t) as unknown;
      if (typeof v !== "function") return v;
      if (key === "queryRaw" || key === "executeRaw")
        return (...args: unknown[]) => {
          countRoundTrip((args[0] as { sql?: string } | undefined)?.sql ?? "");
          return (v as Fn).apply(t, args);
        };
      return (v as Fn).bind(t);
    },
  });
}

interface AdapterFactory {
  connect(): Promise<{ startTransaction(...args: never[]): Promise<object> }>;
}

export function countedAdapter<F extends AdapterFactory>(factory: F): F {
  return counted(factory, {
    connect: async () => {
      const adapter = await factory.connect();
      return counted(adapter, {
        startTransaction: async (...args: unknown[]) => {
          countRoundTrip("BEGIN");
          return counted(await adapter.startTransaction(...(args as never[])));
        },
      });
    },
  });
}
