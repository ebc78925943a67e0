package io.a2ebatch.job;

import java.nio.file.Path;
import java.util.List;

import io.a2ebatch.manifest.ManifestException;
import io.a2ebatch.manifest.ManifestReader;
import io.a2ebatch.manifest.ManifestRecord;
import io.a2ebatch.manifest.RowConverter;
import io.a2ebatch.manifest.RowOutcome;
import io.a2ebatch.spec.family.FamilyCatalog;
import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;

/**
 * Reads the manifest for the ingest step and turns each record into a valid or an invalid row.
 * Like {@code FlatFileItemReader}, its only restart state is the number of records read, kept in
 * the step's {@code ExecutionContext}; on restart the records already ingested are re-read and
 * skipped. Conversion is pure, so a replayed chunk yields the same rows.
 */
public class ManifestRowReader extends AbstractItemCountingItemStreamItemReader<RowOutcome> {

    private final Path manifest;
    private final FamilyCatalog catalog;
    private ManifestReader reader;
    private RowConverter converter;

    public ManifestRowReader(Path manifest, FamilyCatalog catalog) {
        this.manifest = manifest;
        this.catalog = catalog;
        setName("manifest");
    }

    /** The manifest's header, once opened. */
    public List<String> header() {
        return reader.header();
    }

    /** The converter for the manifest's header, once opened (it also words duplicate-key problems). */
    public RowConverter converter() {
        return converter;
    }

    @Override
    protected void doOpen() throws ManifestException {
        reader = ManifestReader.open(manifest);
        converter = new RowConverter(reader.file(), reader.header(), catalog);
    }

    @Override
    protected RowOutcome doRead() throws ManifestException {
        ManifestRecord record = reader.next();
        return record == null ? null : converter.convert(record);
    }

    @Override
    protected void jumpToItem(int itemIndex) throws ManifestException {
        reader.skip(itemIndex);
    }

    @Override
    protected void doClose() throws Exception {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}
