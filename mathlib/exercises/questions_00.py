"""Concept questions for notebook 00 (a model, a loss, and a search).

Each wrong option is a belief learners really hold; its explanation says why it is tempting and
where it breaks. Placed in the notebook where the idea is taught: ``ask("00.q1")``.
"""

from __future__ import annotations

from .questions import question

question(
    "00.q1",
    "The loss squares every error before averaging. Why not simply average the errors "
    "ŷ − y themselves?",
    options=[
        ("Errors above the line and below it would cancel: a line far too high for half the "
         "flowers and far too low for the other half could score 0, and a line far below all of "
         "them would score even lower.", True,
         "The plain average of w x + b − y is w·mean(x) + b − mean(y). It has no smallest "
         "value at all: lowering b lowers every error, and the average falls without end "
         "(towards −∞), so searching for the lowest score drives the line away from every "
         "flower. Squaring makes every error count as a positive amount, so the loss is smallest "
         "where the errors are small (so does the absolute value |ŷ − y|, which gives the mean "
         "absolute error, another loss used in practice)."),
        ("Squaring makes the loss bigger, so that small improvements are easier to see.", False,
         "Tempting, but errors smaller than 1 get smaller when squared (0.1² = 0.01). The size is "
         "not the point; the sign is: without squaring, positive and negative errors cancel, and "
         "errors below the line even lower the score."),
        ("It makes no difference: the plain average would find the same best line.", False,
         "It cannot: the plain average has no best line at all. Lowering b makes it smaller and "
         "smaller, without end (towards −∞), so the search never stops. Even aiming at an "
         "average of 0 would not help: every line through the point (mean x, mean y) gets 0, "
         "whatever its slope. A loss must grow with every error, whichever side of the line the "
         "flower is on."),
        ("Squaring turns centimetres into cm², and a loss must be in squared units.", False,
         "The loss does come out in cm², but that is a side effect, not the reason (and no rule "
         "asks for squared units). It is also why the square root of the loss, back in cm, is "
         "easier to read."),
    ])

question(
    "00.q2",
    "A line has a loss (mean squared error) of 0.04 on the flowers, whose widths are measured "
    "in centimetres. What does that tell you about its errors?",
    options=[
        ("Every error is at most 0.04 cm.", False,
         "Tempting, but the loss is an average of squares, in cm². It says nothing about the worst "
         "flower: one error of 0.5 cm among 15 flowers adds only 0.25 / 15 ≈ 0.017 to the loss."),
        ("A typical error is about √0.04 = 0.2 cm.", True,
         "The square root of the mean squared error (the root mean squared error) is back in "
         "cm and is the size of a typical error; single flowers can be closer or further."),
        ("4% of the flowers are predicted wrongly.", False,
         "A loss is not a count of mistakes. A prediction of a real number is almost never exactly "
         "right; the loss measures how far off the predictions are, not how many are off."),
        ("The errors average 0.04 cm.", False,
         "That would be the mean absolute error, in cm. The mean squared error averages the "
         "squares, in cm²: errors of about 0.2 cm give 0.2² = 0.04."),
    ])

question(
    "00.q3",
    "The dark valley of the loss landscape is a long ellipse, tilted from the top left to the "
    "bottom right. Why is it tilted, rather than lined up with the w and b axes?",
    options=[
        ("All petal lengths are positive (about 1 to 7 cm), so a steeper line lifts every "
         "prediction, and a lower intercept b makes up for it: good pairs trade w against b.", True,
         "Near the data, w x + b hardly changes when w goes up a little and b goes down "
         "about mean(x) times as much; that trade-off is the tilt. With the petal lengths centred "
         "around 0 (notebook 01 shows how), w and b would no longer trade off and the valley would "
         "line up with the axes."),
        ("The data are noisy: the flowers do not lie exactly on one line.", False,
         "Noise decides how low the bottom of the valley is (the best loss is not 0), not which way "
         "the valley points. Flowers lying exactly on a line would give the same tilt."),
        ("w and b have different units (cm per cm, and cm).", False,
         "Different units stretch the picture along one axis, making the valley longer or shorter; "
         "but stretching an axis cannot tilt an ellipse that is lined up with the axes. The tilt "
         "comes from the trade-off between w and b."),
        ("Every loss landscape has this shape.", False,
         "No: the same loss on centred data has an untilted valley, and other models and losses "
         "give other shapes (Part IV shows many). The tilt belongs to these data and this model."),
    ])
