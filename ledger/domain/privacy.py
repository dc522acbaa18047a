"""What personal data may show where: names on resident-facing pages are masked."""


def masked_name(name: str) -> str:
    """张三 → 张*, 张小明 → 张*明, 欧阳小明 → 欧**明: enough for a household to recognise
    itself, not enough for a passer-by to learn a neighbour's name."""
    name = name.strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def ranks_shown(black_board_public: bool) -> bool:
    """Whether a card shows its household's rank in the village (第 3 名 / 共 120 户).

    The policy has no field of its own for ranks, so the rank follows the black list's: a
    rank is taken by points earned net of deductions, and so it tells whoever scans the card
    on the door something about deductions — a household below those with nothing, how many
    households lost points — which a community that keeps its black list private has chosen
    not to publish. Where the black list is public, the rank says nothing the boards do not."""
    return black_board_public
