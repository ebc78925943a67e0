package io.a2ebatch.spec.family;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Families and providers as map keys: equal ones hash alike, and every family of the catalog is a key of its own. */
class TaskFamilyTest {

    private final FamilyCatalog catalog = FamilyCatalog.bundled();

    @Test
    void anEqualCopyOfAFamilyHashesAlikeAndFindsItsEntry() {
        TaskFamily family = catalog.require("headSwap");
        TaskFamily copy = new TaskFamily(family.name(), family.aliases(), family.start(), family.detail(),
                family.batchDetail(), family.list(), family.delete(), family.requestSchema(), family.fields(),
                family.provider());
        Map<TaskFamily, String> byFamily = new HashMap<>(Map.of(family, "head swap"));

        assertThat(copy).isEqualTo(family).hasSameHashCodeAs(family);
        assertThat(byFamily.get(copy)).isEqualTo("head swap");
    }

    @Test
    void everyFamilyOfTheCatalogIsAKeyOfItsOwn() {
        Map<TaskFamily, String> byFamily = new HashMap<>();
        catalog.families().forEach(f -> byFamily.put(f, f.qualifiedName()));

        assertThat(byFamily).hasSameSizeAs(catalog.families());
        catalog.families().forEach(f -> assertThat(byFamily.get(f)).isEqualTo(f.qualifiedName()));
    }

    @Test
    void aFamilyOfTheSameNameButAnotherRequestSchemaIsAnotherFamily() {
        TaskFamily family = catalog.require("headSwap");
        TaskFamily other = new TaskFamily(family.name(), family.aliases(), family.start(), family.detail(),
                family.batchDetail(), family.list(), family.delete(), catalog.require("userImage2Video").requestSchema(),
                family.fields(), family.provider());

        assertThat(other).isNotEqualTo(family);
        assertThat(new HashMap<>(Map.of(family, 1)).get(other)).isNull();
    }

    @Test
    void anEqualCopyOfAProviderHashesAlike() {
        Provider a2e = catalog.require("headSwap").provider();
        Provider copy = new Provider(a2e.id(), a2e.displayName(), a2e.defaultBaseUrl(), a2e.token(), a2e.specResource(),
                a2e.envelope(), a2e.errors(), a2e.status(), a2e.callbacks());

        assertThat(copy).isEqualTo(a2e).hasSameHashCodeAs(a2e);
    }
}
