package io.cdcflow.common.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** Builds the lookup tables from the JSON spelling of an enum constant to the constant. */
final class JsonNames {
    private JsonNames() {
    }

    /** Maps each constant's JSON name to the constant, in declaration order. */
    static <E> Map<String, E> of(E[] constants, Function<E, String> jsonName) {
        Map<String, E> names = new LinkedHashMap<>();
        for (E constant : constants) {
            names.put(jsonName.apply(constant), constant);
        }
        return Collections.unmodifiableMap(names);
    }
}
