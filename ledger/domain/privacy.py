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
