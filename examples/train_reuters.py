"""A Reuters newswire classifier with classic mistakes: run `kerlint examples/train_reuters.py`."""

import numpy as np
from tensorflow import keras
from tensorflow.keras import layers
from tensorflow.keras.datasets import reuters
from tensorflow.keras.utils import to_categorical

NUM_WORDS = 10000

(train_data, train_labels), (test_data, test_labels) = reuters.load_data(num_words=NUM_WORDS)


def vectorize_sequences(sequences, dimension=NUM_WORDS):
    results = np.zeros((len(sequences), dimension))
    for i, sequence in enumerate(sequences):
        results[i, sequence] = 1.0
    return results


x_train = vectorize_sequences(train_data)
x_test = vectorize_sequences(test_data)
y_train = to_categorical(train_labels)
y_test = to_categorical(test_labels)


def build_model():
    model = keras.Sequential([
        layers.Dense(64, activation="relu"),
        layers.Dense(4, activation="relu"),      # too narrow for 46 classes
        layers.Dense(46, activation="softmax"),
    ])
    model.compile(optimizer="rmsprop",
                  loss="binary_crossentropy",      # softmax wants categorical_crossentropy
                  metrics=["accuracy"])
    return model


model = build_model()
x_val, partial_x_train = x_train[:1000], x_train[1000:]
y_val, partial_y_train = y_train[:1000], y_train[1000:]
model.fit(partial_x_train, partial_y_train, epochs=9, batch_size=512,
          validation_data=(x_val, y_val))
print(model.evaluate(x_test, y_test))
model.save_weights("reuters.h5")                  # Keras 3 wants .weights.h5
