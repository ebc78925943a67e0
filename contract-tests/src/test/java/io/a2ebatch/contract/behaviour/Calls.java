package io.a2ebatch.contract.behaviour;

import java.util.List;
import java.util.Optional;

import io.a2ebatch.contract.capture.Interaction;
import io.a2ebatch.contract.validation.ContractValidator;
import io.a2ebatch.contract.validation.OperationIndex;

/** What captured requests asked for, in the spec's terms. */
final class Calls {

    private Calls() {
    }

    /** The spec operation {@code i} addressed. */
    static Optional<OperationIndex.SpecOperation> operation(Interaction i) {
        return ContractValidator.bundled().operations().resolve(i.method(), i.path());
    }

    /** Whether {@code i} addressed a task family's operation of this role. */
    static boolean is(Interaction i, OperationIndex.Role role) {
        return operation(i).map(op -> op.role() == role).orElse(false);
    }

    /** The requests among {@code interactions} of this role. */
    static List<Interaction> of(List<Interaction> interactions, OperationIndex.Role role) {
        return interactions.stream().filter(i -> is(i, role)).toList();
    }

    /** The task name a start request carried, if it carried one. */
    static Optional<String> taskName(Interaction start) {
        return start.requestJson().map(b -> b.path("name").asString("")).filter(n -> !n.isEmpty());
    }
}
