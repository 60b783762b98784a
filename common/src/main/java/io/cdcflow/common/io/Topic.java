package io.cdcflow.common.io;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic as a value: its name and the serdes of its keys and values.
 *
 * @param name topic name
 * @param keySerde key serde
 * @param valueSerde value serde
 * @param <K> key type
 * @param <V> value type
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
    }

    /** Serialises a key for this topic. */
    public byte[] key(K key) {
        return keySerde.serializer().serialize(name, key);
    }

    /** Serialises a value for this topic. */
    public byte[] value(V value) {
        return valueSerde.serializer().serialize(name, value);
    }

    /** Deserialises a key of this topic. */
    public K key(byte[] bytes) {
        return keySerde.deserializer().deserialize(name, bytes);
    }

    /** Deserialises a value of this topic. */
    public V value(byte[] bytes) {
        return valueSerde.deserializer().deserialize(name, bytes);
    }
}
