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
        ("Squaring makes every error bigger, so the search can see small improvements in the "
         "line more easily.", False,
         "Tempting, but errors smaller than 1 get smaller when squared (0.1² = 0.01). The size is "
         "not the point; the sign is: without squaring, positive and negative errors cancel, and "
         "errors below the line even lower the score."),
        ("The search needs a derivative, and the plain average of the errors cannot be "
         "differentiated with respect to w and b.", False,
         "Tempting, since the absolute value |ŷ − y| has a corner at 0. But the plain average is "
         "w·mean(x) + b − mean(y), a linear function of w and b: its derivative exists everywhere "
         "(it is 1 with respect to b). Its trouble is that it has no lowest value: lowering b "
         "lowers it without end, towards −∞."),
        ("Errors above and below the line would cancel, and the further below all the flowers "
         "a line sits, the lower its score.", True,
         "The plain average of w x + b − y is w·mean(x) + b − mean(y). It has no smallest "
         "value at all: lowering b lowers every error, and the average falls without end "
         "(towards −∞), so searching for the lowest score drives the line away from every "
         "flower; and a line far too high for half the flowers and far too low for the other "
         "half can score 0. Squaring makes every error count as a positive amount, so the loss "
         "is smallest where the errors are small (so does the absolute value |ŷ − y|, which "
         "gives the mean absolute error, another loss used in practice)."),
        ("It makes no difference to the best line: the plain average would pick the same one; "
         "squaring only changes the scale of the score.", False,
         "It cannot: the plain average has no best line at all. Lowering b makes it smaller and "
         "smaller, without end (towards −∞), so the search never stops. Even aiming at an "
         "average of 0 would not help: every line through the point (mean x, mean y) gets 0, "
         "whatever its slope. A loss must grow with every error, whichever side of the line the "
         "flower is on."),
    ])

question(
    "00.q2",
    "A line has a loss (mean squared error) of 0.04 on the flowers, whose widths are measured "
    "in centimetres. What does that tell you about its errors?",
    options=[
        ("Every flower's width is predicted to within 0.04 cm.", False,
         "Tempting, but the loss is an average of squares, in cm². It says nothing about the worst "
         "flower: one error of 0.5 cm among 15 flowers adds only 0.25 / 15 ≈ 0.017 to the loss."),
        ("4% of the flowers are predicted wrongly, the rest correctly.", False,
         "A loss is not a count of mistakes. A prediction of a real number is almost never exactly "
         "right; the loss measures how far off the predictions are, not how many are off."),
        ("On average a prediction is off by 0.04 cm, less than half a millimetre.", False,
         "That would be the mean absolute error, in cm. The mean squared error averages the "
         "squares, in cm²: errors of about 0.2 cm give 0.2² = 0.04."),
        ("A typical error is about √0.04 = 0.2 cm: the square root takes cm² back to cm.", True,
         "The square root of the mean squared error (the root mean squared error) is back in "
         "cm and is the size of a typical error; single flowers can be closer or further."),
    ])

question(
    "00.q3",
    "The dark valley of the loss landscape is a long ellipse, tilted from the top left to the "
    "bottom right. Why is it tilted, rather than lined up with the w and b axes?",
    options=[
        ("The flowers do not lie exactly on one line, and this noise in the data stretches "
         "the valley out at an angle.", False,
         "Noise decides how low the bottom of the valley is (the best loss is not 0), not which "
         "way the valley points. Flowers lying exactly on a line would give the same tilt."),
        ("The petal lengths are all positive: raising w lifts every prediction, and lowering "
         "b can undo it.", True,
         "Near the data, w x + b hardly changes when w goes up a little and b goes down "
         "about mean(x) times as much; that trade-off is the tilt. With the petal lengths centred "
         "around 0 (notebook 01 shows how), w and b would no longer trade off and the valley would "
         "line up with the axes."),
        ("w and b are in different units (w in cm per cm, b in cm), so the axes are scaled "
         "differently and the valley leans.", False,
         "Different units stretch the picture along one axis, making the valley longer or shorter; "
         "but stretching an axis cannot tilt an ellipse that is lined up with the axes. The tilt "
         "comes from the trade-off between w and b."),
        ("The mean squared error always gives a valley tilted this way, whatever the data.",
         False,
         "No: the same loss on centred data has an untilted valley, and other models and losses "
         "give other shapes (Part IV shows many). The tilt belongs to these data and this model."),
    ])
