package io.a2ebatch.contract.behaviour;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;

import io.a2ebatch.manifest.ManifestGenerator;
import io.a2ebatch.spec.family.FamilyCatalog;

/** Valid manifests of many rows, from the runner's own generator (keys {@code row-000001} ...). */
final class Manifests {

    private Manifests() {
    }

    /** {@code rows} valid rows over {@code families}, the same bytes for the same arguments. */
    static String rows(int rows, String... families) {
        StringWriter out = new StringWriter();
        try {
            new ManifestGenerator(Arrays.stream(families).map(FamilyCatalog.bundled()::require).toList(), 11)
                    .write(rows, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
