package org.connwatch.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.connwatch.records.Connection;

/** A detector that judges each connection on its own, without history. */
public interface PerConnectionDetector extends Detector {

    /** The finding about one connection, if it looks wrong. */
    Optional<Finding> inspect(Connection c);

    @Override
    default List<Finding> detect(List<Connection> connections) {
        List<Finding> out = new ArrayList<>();
        for (Connection c : connections) {
            inspect(c).ifPresent(out::add);
        }
        return out;
    }
}
