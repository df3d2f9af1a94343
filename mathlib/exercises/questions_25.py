"""Concept questions for notebook 25 (convolution).

Each wrong option is a belief learners really hold (the course's list of misconceptions: "a
convolution layer has one weight per pixel"); its explanation says why it is tempting and where it
breaks. Placed in the notebook where the idea is taught: ``ask("25.q1")``. The right options sit
at different positions and are not always the longest.
"""

from __future__ import annotations

from .questions import question

question(
    "25.q1",
    "A convolution layer with 16 filters of size 3 x 3 takes a one-channel 28 x 28 image (padding "
    "1, stride 1). A learner feeds it a 56 x 56 image instead. How many weights does the layer "
    "have now?",
    options=[
        ("Four times as many: the image has four times as many pixels, and each pixel has its own "
         "weight.", False,
         "Tempting, because a dense layer does grow with its input. A convolution layer does not: "
         "its 16 kernels of 3 x 3 weights are slid over every position (weight sharing), so any "
         "image size uses the same 16 x 9 weights (plus 16 biases)."),
        ("Twice as many: the width doubles, and a filter needs weights along a row.", False,
         "A kernel's size is set when the layer is built (3 x 3) and has nothing to do with the "
         "image's width: the image only decides how many positions the kernel visits."),
        ("The same 16 x 3 x 3 = 144 weights and 16 biases: only the output grows, to 16 x 56 x "
         "56.", True,
         "Right. Weight sharing: one kernel per filter (and input channel), used at every "
         "position. The output size follows the formula floor((n + 2p - k) / s) + 1 = 56."),
        ("None: the weights of a convolution are fixed numbers like the Sobel kernel.", False,
         "Edge detectors like Sobel's are hand-made kernels; in a network the kernel weights are "
         "learned by gradient descent like any other weights, and the first layer often learns "
         "edge detectors of its own."),
    ])

question(
    "25.q2",
    "You slide the kernel [[1, 0], [0, -1]] over an image with a deep-learning library's conv2d, "
    "and the same kernel with scipy.signal.convolve2d (mode 'valid'). Are the two results the "
    "same?",
    options=[
        ("Yes: convolution is one operation, whatever library computes it.", False,
         "The name is shared, the definition is not. Deep-learning libraries (PyTorch, "
         "TensorFlow, Keras) compute a cross-correlation: the kernel is slid as it is. "
         "Mathematics and scipy's convolve2d flip the kernel first (both axes)."),
        ("No: convolve2d flips the kernel in both directions first; here that changes the sign of "
         "every output.", True,
         "Right. Flipped, [[1, 0], [0, -1]] becomes [[-1, 0], [0, 1]], the negative of the "
         "original, so every output changes sign. scipy.signal.correlate2d is the one that "
         "matches conv2d."),
        ("No: they differ only at the edges, where the libraries pad differently.", False,
         "In mode 'valid' neither pads. The difference is everywhere: one flips the kernel, the "
         "other does not."),
        ("Yes, for this kernel, because it is symmetric.", False,
         "A symmetric kernel (one equal to its flip, kernel[::-1, ::-1]) would give the same "
         "result, but this one is not: flipped, it is its own negative."),
    ])

question(
    "25.q3",
    "A 32 x 32 image goes through a 5 x 5 convolution with stride 2 and no padding. What is the "
    "output size, and what happens to the input's last row?",
    options=[
        ("16 x 16: stride 2 halves the size.", False,
         "Halving is what stride 2 gives with 'same' padding (here p = 2 would give "
         "floor(31 / 2) + 1 = 16). Without padding the kernel must fit: floor((32 - 5) / 2) + 1 "
         "= 14."),
        ("13.5 x 13.5, which the library rounds to 14.", False,
         "13.5 = (32 - 5) / 2 is missing the + 1: it counts the steps of 2 the kernel takes, "
         "not the windows. Drop the half step that would take the kernel past the edge and add "
         "the first window: floor((32 - 5) / 2) + 1 = 14, so 14 x 14. That 13.5 rounds to 14 "
         "is luck: a 6 x 6 kernel gives (32 - 6) / 2 = 13, yet its output is 14 x 14 too."),
        ("28 x 28, as with stride 1: the stride only changes how fast the layer runs.", False,
         "28 x 28 is the stride-1 size. The stride skips positions: only every second window is "
         "computed, so the output has about half as many rows and columns."),
        ("14 x 14, and the last row is never covered by a window.", True,
         "Right: the windows start at rows 0, 2, ..., 26 and end at rows 4, 6, ..., 30; "
         "(32 - 5) mod 2 = 1 row, row 31, is left out. Padding or another stride would reach "
         "it."),
    ])
