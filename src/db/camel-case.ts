import { CamelCasePlugin, PostgresQueryCompiler, type Dialect, type IdentifierNode, type PluginTransformQueryArgs, type RootOperationNode } from 'kysely';

/**
 * The database's snake_case names as camelCase in code, in both directions, like Kysely's CamelCasePlugin.
 *
 * Why not the plugin alone: it renames identifiers by copying the whole tree of every query (a new frozen object per
 * node) before the compiler walks that tree once more. On the read paths that copy was an eighth of the server's CPU.
 * Here the compiler renames each identifier as it writes it, and the plugin only renames the keys of result rows.
 */
export function withCamelCaseNames(dialect: Dialect): { dialect: Dialect; plugins: [ResultKeysInCamelCase] } {
  const names = new ResultKeysInCamelCase();
  return {
    dialect: {
      createDriver: () => dialect.createDriver(),
      createAdapter: () => dialect.createAdapter(),
      createIntrospector: (db) => dialect.createIntrospector(db),
      createQueryCompiler: () => new SnakeCaseIdentifierCompiler(names),
    },
    plugins: [names],
  };
}

class ResultKeysInCamelCase extends CamelCasePlugin {
  override transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }

  inSnakeCase(name: string): string {
    return this.snakeCase(name);
  }
}

class SnakeCaseIdentifierCompiler extends PostgresQueryCompiler {
  /** The identifiers come from the code (tables, columns, aliases): a few hundred names, each written many times. */
  private readonly written = new Map<string, string>();

  constructor(private readonly names: ResultKeysInCamelCase) {
    super();
  }

  protected override compileUnwrappedIdentifier(node: IdentifierNode): void {
    let identifier = this.written.get(node.name);
    if (identifier === undefined) this.written.set(node.name, (identifier = this.sanitizeIdentifier(this.names.inSnakeCase(node.name))));
    this.append(identifier);
  }
}
