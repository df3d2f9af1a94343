"""Concept questions for notebook 27 (a neural network from scratch).

Each wrong option is a belief learners really hold (the course's list of misconceptions: "high
training accuracy means the model works"; and Part IV's: the validation set used as a test set,
initialisation as a detail, the penalty as a mere slow-down). Its explanation says why it is
tempting and where it breaks. Placed where the idea is taught: ``ask("27.q1")``. The right
options sit at different positions and are not always the longest.
"""

from __future__ import annotations

from .questions import question

question(
    "27.q1",
    "A network reaches 100% accuracy on its training images after 40 epochs. What does that "
    "tell you about how it will do on new images of the same kind?",
    options=[
        ("It will be right on nearly all of them: 100% means it has learned the digits.", False,
         "Tempting, since the number is perfect. But a network with 9610 weights can fit 1077 "
         "training images exactly, including their quirks and mistakes; a perfect score on "
         "images it has seen is what memorising would give too. Only images it never trained "
         "on say how it does on new ones."),
        ("Not much on its own: only the accuracy on images it never trained on estimates that.",
         True,
         "Right. The training accuracy measures the fit; the gap to the validation (and, once, "
         "the test) accuracy measures how much of that fit carries over. In the notebook the "
         "training accuracy reaches 0.999 while the validation accuracy stays at 0.961."),
        ("It will do worse on new images, because 100% on the training set always means "
         "overfitting.", False,
         "A perfect training score does not prove overfitting either: the same network can be "
         "at 100% on the training set and 97% on new images, which is fine for this task. The "
         "training accuracy alone cannot tell the two stories apart; the validation accuracy "
         "can."),
        ("Exactly as well, if the training set was shuffled before every epoch.", False,
         "Shuffling changes the order of the mini-batches, not which images the network sees: "
         "every epoch still trains on the same 1077 images. It helps the optimisation, and says "
         "nothing about images outside that set."),
    ])

question(
    "27.q2",
    "The notebook splits the digits into a training, a validation and a test set. You try ten "
    "settings of the hidden units and the L2 strength. Which set do you use for what?",
    options=[
        ("Train on the training set and pick the setting with the best test accuracy; the "
         "validation set is a spare.", False,
         "Tempting: the test set is the honest one, so why not choose with it? Because choosing "
         "is fitting too: the best of ten test scores is partly luck on those 360 images, and "
         "then it is no longer an unbiased estimate. That is what the validation set is for."),
        ("Use all three for training, so the network sees more data, and report the training "
         "accuracy.", False,
         "More training data does help, and after the choices are made you may retrain on "
         "training and validation together. But a score on images the network trained on says "
         "little about new ones (27.q1): the test set must stay out of training."),
        ("Train on the training set and validation set together, and choose on the test set.",
         False,
         "Then the choice is made on the test set, whose score is the one you report: it is "
         "used twice and flatters the model. Choose on images that are neither trained on nor "
         "reported."),
        ("Train on the training set, choose by validation accuracy, then test the chosen one "
         "once.", True,
         "Right. The validation set takes the choices (settings, the epoch to stop at) and so "
         "becomes slightly optimistic; the test set, looked at once at the end, gives the "
         "number you report."),
    ])

question(
    "27.q3",
    "The notebook initialises W1 and W2 with He's rule, weights drawn with variance 2 / "
    "fan_in, and the biases at 0. What is the He initialisation for?",
    options=[
        ("It keeps the signals' size about the same from layer to layer through the ReLUs, so "
         "gradients neither vanish nor explode.", True,
         "Right (notebook 20). A ReLU zeroes about half of its inputs, halving the second "
         "moment; variance 2 / fan_in makes up for it. With a depth of two the effect is mild, "
         "but the same rule keeps deep networks trainable."),
        ("It puts the weights near their trained values, so training needs fewer epochs.",
         False,
         "The weights are random and know nothing of the digits: before training the network "
         "gets about 0.17 of the images right (the retrain explorer at epoch 0), not far above "
         "chance (0.1). The rule sets their scale, not their values."),
        ("It makes every hidden unit start with the same weights, so that they learn "
         "together.", False,
         "The opposite: equal weights would give equal gradients, and the units would stay "
         "copies of each other for ever. Random weights break that symmetry; He's rule only "
         "chooses how large they are."),
        ("It is a regulariser: starting from small weights keeps the network from overfitting "
         "the training images, however long it trains.", False,
         "The initial scale matters for the first steps; what limits the weights during "
         "training is the L2 penalty (and early stopping). He's weights are not especially "
         "small: their spread is sqrt(2 / 64), about 0.18, for the first layer."),
    ])

question(
    "27.q4",
    "An L2 penalty usually lowers the training accuracy a little. Why can it still help the "
    "network on new images?",
    options=[
        ("It cannot: a penalty only makes the fit worse, and a worse fit is a worse model.",
         False,
         "Worse on the training set, yes, by design: the penalty trades some training fit for "
         "smaller weights. The model is judged on new images, where smaller weights often do "
         "as well or better."),
        ("It makes the training faster, because smaller weights need fewer steps.", False,
         "The number of epochs is the same, and each step costs the same; the penalty changes "
         "where the weights end, not how fast the loop runs."),
        ("It pulls the weights toward 0, which favours smoother functions that depend less on "
         "the quirks of the training images, so the gap to the validation accuracy can shrink.",
         True,
         "Right (notebook 19). The gradient gains lam W, a pull toward 0 on every step. It can "
         "help, it need not: on these digits at 40 epochs small penalties barely matter (in the "
         "retrain explorer, lam = 0.001 gives a validation accuracy of 0.961 against 0.969 "
         "without a penalty), and too strong a pull (0.1) underfits: both accuracies fall. "
         "Whether a given strength helps is read from the validation accuracy."),
        ("It switches off the hidden units that are not needed, making the network smaller and "
         "so less able to memorise the training images.", False,
         "That is closer to L1, which can set weights exactly to 0 (notebook 19). With plain "
         "SGD, L2 shrinks every weight by the same fraction each step and rarely makes one 0. "
         "With Adam (this notebook) a weight whose data gradient is 0, such as a dead unit's, "
         "is moved toward 0 at full speed and ends near 0; but those units died because their "
         "ReLU was 0 on every training image, not because of the penalty: without L2 about as "
         "many die (21 of 128 at lam = 0, 20 at lam = 0.001). L2 does not pick the units "
         "that are not needed."),
    ])
