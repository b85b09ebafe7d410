package org.connwatch.enrich;

import java.util.Objects;
import org.connwatch.records.AddressClass;
import org.connwatch.records.Connection;

/** Sets {@code enrichment.remoteClass} from the remote address; a wildcard remote is {@code unspecified}. */
public final class AddressClassEnricher implements Enricher {
    private final AddressClassifier classifier;

    public AddressClassEnricher(AddressClassifier classifier) {
        this.classifier = Objects.requireNonNull(classifier, "classifier");
    }

    @Override
    public Connection enrich(Connection c) {
        AddressClass cls = c.remote().isWildcard()
                ? AddressClass.UNSPECIFIED
                : classifier.classify(c.remote().address());
        if (cls == c.enrichment().remoteClass()) {
            return c;
        }
        return c.withEnrichment(c.enrichment().withRemoteClass(cls));
    }
}
