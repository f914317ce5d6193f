package ai.mirroros.licensing.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The filer of the 1099-K forms: the platform as payment settlement entity. Configured by environment
 * ({@code LICENSING_FILER_NAME}, {@code LICENSING_FILER_TIN}, {@code LICENSING_FILER_ADDRESS} with lines separated by
 * {@code |}, {@code LICENSING_FILER_PHONE}) or the matching CLI flags. A field left out stays blank on the form and
 * is listed by {@link #missing()}; it is never filled with a placeholder that could be mistaken for data.
 */
public record Filer(String name, Optional<String> tin, List<String> addressLines, Optional<String> phone) {
    public Filer {
        name = name == null ? "" : name.strip();
        tin = tin.map(String::strip).filter(t -> !t.isEmpty());
        addressLines = List.copyOf(addressLines);
        phone = phone.map(String::strip).filter(p -> !p.isEmpty());
    }

    /** From {@code LICENSING_FILER_*} variables of the given environment. */
    public static Filer fromEnvironment(Map<String, String> env) {
        return of(env.get("LICENSING_FILER_NAME"), env.get("LICENSING_FILER_TIN"), env.get("LICENSING_FILER_ADDRESS"),
                env.get("LICENSING_FILER_PHONE"));
    }

    /** From text values, any of them null; the address is split into lines at {@code |}. */
    public static Filer of(String name, String tin, String address, String phone) {
        List<String> lines = new ArrayList<>();
        if (address != null) {
            for (String line : address.split("\\|")) {
                if (!line.isBlank()) {
                    lines.add(line.strip());
                }
            }
        }
        return new Filer(name, Optional.ofNullable(tin), lines, Optional.ofNullable(phone));
    }

    /** The fields a filing needs that are not configured, e.g. {@code [name, TIN]}. */
    public List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (name.isEmpty()) {
            missing.add("name (LICENSING_FILER_NAME)");
        }
        if (tin.isEmpty()) {
            missing.add("TIN (LICENSING_FILER_TIN)");
        }
        if (addressLines.isEmpty()) {
            missing.add("address (LICENSING_FILER_ADDRESS)");
        }
        return missing;
    }

    @Override
    public String toString() {
        return "Filer[" + name + ", tin=" + tin.map(PayeeIdentity::mask).orElse("missing") + "]";
    }
}
