package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.access.ApiKey;
import ai.mirroros.licensing.access.ApiKeys;
import ai.mirroros.licensing.access.IssuedKey;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code licensing keys …}: the API keys partners and operators use for {@code /api/} and the dashboard. */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = {"Create, list and revoke API keys for the HTTP API (/api/…) and the partner dashboard; "
                + "rotate the data keys that encrypt TINs, addresses and bank details (docs/SECURITY.md).",
                "A partner key reaches its own vault only; an admin key reaches every vault. The key is printed "
                        + "once, at creation: only its SHA-256 is stored. Creating and revoking are recorded in the "
                        + "activity log."},
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class,
                DataKeysCommands.Rotate.class, DataKeysCommands.Status.class, DataKeysCommands.Retire.class})
final class KeysCommand extends CommandGroup {

    abstract static class KeysSubcommand extends StoreCommand {

        <T> T withKeys(Function<ApiKeys, T> work) {
            try (LicensingApp app = store.openApp(Clock.systemUTC())) {
                return work.apply(app.apiKeys());
            }
        }
    }

    static final class Scope {
        @Option(names = "--vault", paramLabel = "ID", required = true,
                description = "The vault whose partner gets the key.")
        String vault;

        @Option(names = "--admin", required = true,
                description = "An operator key that reaches every vault instead.")
        boolean admin;
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a key and print it once; store it now, it cannot be shown again.")
    static final class Create extends KeysSubcommand {
        @ArgGroup(multiplicity = "1")
        Scope scope;

        @Option(names = "--label", paramLabel = "TEXT", defaultValue = "",
                description = "What the key is for, shown by keys list (e.g. \"dashboard\", \"accounting export\").")
        String label;

        @Override
        public Integer call() {
            IssuedKey issued = withKeys(keys -> scope.admin ? keys.createAdmin(label)
                    : keys.createForVault(scope.vault.strip(), label));
            ApiKey key = issued.key();
            PrintWriter out = out();
            out.println(issued.token());
            out.flush();
            // The notice goes to the command's stderr (System.err outside tests), so stdout is the token alone.
            PrintWriter err = spec.commandLine().getErr();
            err.printf("licensing: created %s key %s%s; it is shown only now: store it in a secret "
                            + "manager, then use it as 'Authorization: Bearer KEY' or to sign in to "
                            + "/dashboard/license-partner-panel.html%n",
                    key.role().wireName(), key.keyId(), key.vaultId().map(v -> " for vault " + v).orElse(""));
            err.flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List keys (never their secrets), newest first.")
    static final class ListKeys extends KeysSubcommand {
        @Option(names = "--vault", paramLabel = "ID", description = "Only this vault's keys.")
        String vault;

        @Option(names = "--json", description = "Print JSON instead of a table.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            List<ApiKey> keys = withKeys(k -> k.list(Optional.ofNullable(vault).map(String::strip)));
            PrintWriter out = out();
            if (json) {
                out.println(LicensingApp.newObjectMapper().writerWithDefaultPrettyPrinter()
                        .writeValueAsString(keys.stream().map(KeysCommand::toJson).toList()));
                return 0;
            }
            if (keys.isEmpty()) {
                out.println("no API keys" + (vault == null ? "" : " for vault " + vault)
                        + "; create one with: licensing keys create --vault ID");
                return 0;
            }
            out.printf("%-12s  %-7s  %-28s  %-20s  %-20s  %s%n", "KEY ID", "ROLE", "VAULT", "CREATED", "REVOKED",
                    "LABEL");
            for (ApiKey k : keys) {
                out.printf("%-12s  %-7s  %-28s  %-20s  %-20s  %s%n", k.keyId(), k.role().wireName(),
                        k.vaultId().orElse("(all vaults)"), seconds(k.createdAt()),
                        k.revokedAt().map(KeysCommand::seconds).orElse("-"), k.label());
            }
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a key: every request with it is refused from now on.")
    static final class Revoke extends KeysSubcommand {
        @Parameters(paramLabel = "KEY_ID", description = "The key id shown by keys list (the 12 hex digits).")
        String keyId;

        @Override
        public Integer call() {
            ApiKeys.Revocation revocation = withKeys(keys -> keys.revoke(keyId.strip()));
            ApiKey key = revocation.key();
            out().println(key.keyId() + ": " + (revocation.alreadyRevoked()
                    ? "was already revoked at " + key.revokedAt().orElseThrow() + "; nothing recorded" : "revoked"));
            return 0;
        }
    }

    private static String seconds(java.time.Instant at) {
        return at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    private static Map<String, Object> toJson(ApiKey k) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("keyId", k.keyId());
        map.put("role", k.role().wireName());
        map.put("vaultId", k.vaultId().orElse(null));
        map.put("label", k.label());
        map.put("createdAt", k.createdAt().toString());
        map.put("revokedAt", k.revokedAt().map(Object::toString).orElse(null));
        return map;
    }
}
